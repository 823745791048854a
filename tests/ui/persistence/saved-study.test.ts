import { describe, expect, it } from 'vitest';
import { createRng, StudyFormatError } from '../../../src/tuner';
import { SetupError } from '../../../src/ui/setup/setup-config';
import {
  createSavedStudy,
  INTERRUPTED_REASON,
  newStudyId,
  resumeStudy,
  summarizeStudy,
  updateSavedStudy,
  uuidFromRng,
} from '../../../src/ui/persistence';
import { braninSetup, busyStudy, savedRecord, steppingClock } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newStudyId', () => {
  it('uses crypto.randomUUID when the platform has it', () => {
    expect(newStudyId(() => 'from-crypto')).toBe('from-crypto');
    expect(newStudyId()).toMatch(UUID);
  });

  it('falls back to a seeded generator of v4-shaped UUIDs', () => {
    const a = newStudyId(null);
    const b = newStudyId(null);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('uuidFromRng is deterministic for a seeded rng', () => {
    expect(uuidFromRng(createRng(3))).toBe(uuidFromRng(createRng(3)));
    expect(uuidFromRng(createRng(3))).not.toBe(uuidFromRng(createRng(4)));
    expect(uuidFromRng(createRng(3))).toMatch(UUID);
  });
});

describe('createSavedStudy / updateSavedStudy', () => {
  it('stamps both times with now and keeps extra only when given', () => {
    const setup = braninSetup();
    const record = createSavedStudy({ id: 'x', name: 'n', setup, study: busyStudy(setup).toJSON(), status: 'paused', now: 5 });
    expect(record).toMatchObject({ id: 'x', createdAt: 5, updatedAt: 5, status: 'paused' });
    expect('extra' in record).toBe(false);
  });

  it('update keeps id and createdAt and moves updatedAt', () => {
    const record = savedRecord({ now: 10 });
    const next = updateSavedStudy(record, { status: 'finished', name: 'renamed' }, 20);
    expect(next).toMatchObject({ id: record.id, createdAt: 10, updatedAt: 20, status: 'finished', name: 'renamed' });
    expect(record.status).toBe('running');
  });
});

describe('resumeStudy', () => {
  it('marks trials that were running as failed with the interrupted reason, and enqueues their params to ask again', () => {
    const record = savedRecord();
    const before = record.study.trials.filter((t) => t.state === 'running');
    expect(before.map((t) => t.id)).toEqual([4, 5]);
    const resumed = resumeStudy(record, { clock: steppingClock(2_000_000_000_000) });
    expect(resumed.interruptedTrialIds).toEqual([4, 5]);
    expect(resumed.study.enqueued).toEqual(before.map((t) => t.params));
    for (const id of [4, 5]) {
      expect(resumed.study.trials[id]).toMatchObject({ state: 'failed', reason: INTERRUPTED_REASON, value: null });
    }
    expect(resumed.study.trials[4]?.intermediate).toEqual([{ step: 1, value: 9 }]);
    expect(resumed.study.trials.filter((t) => t.state === 'running')).toEqual([]);
  });

  it('lets the page ask the re-queued params first, as new trials', () => {
    const { study } = resumeStudy(savedRecord());
    const requeue = study.enqueued;
    const again = requeue.map(() => study.ask());
    expect(again.map((t) => t.id)).toEqual([6, 7]);
    expect(again.map((t) => t.params)).toEqual(requeue);
  });

  it('keeps finished trials and the best value exactly', () => {
    const record = savedRecord();
    const { study } = resumeStudy(record);
    expect(study.trials.slice(0, 4)).toEqual(record.study.trials.slice(0, 4));
    expect(study.best?.value).toBe(1.5);
  });

  it('returns nothing to re-queue when no trial was running', () => {
    const setup = braninSetup();
    const study = busyStudy(setup);
    study.tell(4, 2);
    study.tell(5, 2);
    expect(resumeStudy(savedRecord({ study })).study.enqueued).toEqual([]);
  });

  it('never changes the record', () => {
    const record = savedRecord();
    const copy = structuredClone(record);
    resumeStudy(record);
    expect(record).toEqual(copy);
  });

  it('refuses a damaged record, naming the field', () => {
    const record = savedRecord();
    const badTrial = { ...record, study: { ...record.study, trials: record.study.trials.map((t) => (t.id === 2 ? { ...t, params: { x1: 99, x2: 1 } } : t)) } };
    expect(() => resumeStudy(badTrial)).toThrow(StudyFormatError);
    expect(() => resumeStudy(badTrial)).toThrow(/trials\[2\]\.params/);
    const badSetup = { ...record, setup: { ...record.setup, workers: 0 } };
    expect(() => resumeStudy(badSetup)).toThrow(SetupError);
  });
});

describe('summarizeStudy', () => {
  it('reads the list-view summary straight from the record', () => {
    expect(summarizeStudy(savedRecord({ now: 42 }))).toEqual({
      id: 'study-1',
      name: 'Branin run',
      task: 'branin',
      strategy: 'random',
      status: 'running',
      direction: 'minimize',
      trialCount: 6,
      bestValue: 1.5,
      createdAt: 42,
      updatedAt: 42,
      bytes: expect.any(Number),
      origin: null,
    });
  });

  it('takes the best in the study direction and null when nothing completed', () => {
    const record = savedRecord();
    expect(summarizeStudy({ ...record, study: { ...record.study, direction: 'maximize' } }).bestValue).toBe(3);
    expect(summarizeStudy({ ...record, study: { ...record.study, trials: [] } }).bestValue).toBeNull();
  });

  it('skips infeasible trials (a constraint value > 0)', () => {
    const record = savedRecord();
    const best = summarizeStudy(record).bestValue;
    const trials = record.study.trials.map((t) => (t.state === 'complete' && t.value === best ? { ...t, constraints: { paramSum: 2 } } : { ...t, constraints: { paramSum: -1 } }));
    const next = summarizeStudy({ ...record, study: { ...record.study, constraints: ['paramSum'], trials } }).bestValue;
    expect(next).not.toBeNull();
    expect(next).toBeGreaterThan(best as number);
  });
});
