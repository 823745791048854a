/**
 * A scheduled study resumed after a reload keeps its scheduler's memory (rungs of every finished
 * trial); trials it was training or had paused are ended, and a state that does not fit the setup
 * leaves the scheduler fresh with a note. Also: the state travels through study files.
 */
import { describe, expect, it } from 'vitest';
import { createSavedStudy, parseStudyFile, resumeStudy, studyFileText, type SavedStudyRecord } from '../../../src/ui/persistence';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from '../state/fakes';

const asha = (epochs = 9): SetupConfig =>
  validateSetup({
    ...defaultSetup('synthetic-mlp'),
    strategy: 'random',
    workers: 3,
    budget: { trials: 30, minutes: null, epochs },
    scheduler: { name: 'asha', options: { reductionFactor: 3, minEpochs: 1 } },
  });

/** Runs a scheduled study and keeps what the autosave would have written once `at` trials had started. */
async function interruptedRecord(setup: SetupConfig, at: number): Promise<SavedStudyRecord> {
  const session = StudySession.fresh(setup, simulatedSessionDeps());
  let record: SavedStudyRecord | null = null;
  session.onChange(() => {
    if (record !== null || session.trials.length < at) return;
    const scheduler = session.schedulerState();
    record = createSavedStudy({ name: 'asha', setup, study: session.toJSON(), status: 'running', now: 0, ...(scheduler === undefined ? {} : { scheduler }) });
    session.stop();
  });
  await session.start();
  if (record === null) throw new Error('the study ended before the snapshot');
  return record;
}

function resume(record: SavedStudyRecord, setup: SetupConfig = record.setup): StudySession {
  return StudySession.resumed(setup, (sampler, clock) => resumeStudy(record, { sampler, clock }), simulatedSessionDeps(), 1000, record.scheduler);
}

describe('resuming a scheduled study', () => {
  it('keeps the scheduler: finished trials stay in its book, interrupted ones are ended, the budget completes', async () => {
    const record = await interruptedRecord(asha(), 12);
    expect(record.scheduler?.name).toBe('asha');
    const unfinished = record.study.trials.filter((t) => t.state === 'running').map((t) => t.id);
    expect(unfinished.length).toBeGreaterThan(0);
    const session = resume(record);
    expect(session.schedulerState()).toEqual(record.scheduler);
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished' });
    expect(session.schedulerNote).toMatch(new RegExp(`ASHA scheduler goes on with what it learned before the reload; ${unfinished.length} trial\\(s\\)`));
    const book = (session.schedulerState()?.state as { book: Record<string, { status: string }> }).book;
    for (const t of record.study.trials) expect(book[t.id]?.status, `trial ${t.id}`).toBe('finished');
    expect(session.trials.every((t) => t.state !== 'running')).toBe(true);
    expect(session.finishedCount).toBeGreaterThanOrEqual(30);
  });

  it('starts the scheduler afresh, and says why, when the saved state does not fit the setup', async () => {
    const record = await interruptedRecord(asha(), 8);
    const other = resume(record, asha(6));
    await other.start();
    expect(other.phase).toMatchObject({ kind: 'finished' });
    expect(other.schedulerNote).toMatch(/ASHA scheduler starts afresh: the saved state was made with other asha options/);
    const broken = resume({ ...record, scheduler: { ...record.scheduler!, state: { book: 'x' } } });
    await broken.start();
    expect(broken.phase).toMatchObject({ kind: 'finished' });
    expect(broken.schedulerNote).toMatch(/starts afresh: asha scheduler: state must be an object/);
  });

  it('a plain study has no scheduler state and no note', () => {
    const plain = StudySession.fresh(validateSetup({ ...defaultSetup('branin'), strategy: 'random' }), simulatedSessionDeps());
    expect(plain.schedulerState()).toBeUndefined();
    expect(plain.schedulerNote).toBeNull();
  });
});

describe('scheduler state in study files', () => {
  it('is exported and imported with the study', async () => {
    const record = await interruptedRecord(asha(), 6);
    const imported = parseStudyFile(studyFileText(record, 0));
    expect(imported.scheduler).toEqual(record.scheduler);
    expect(imported.notes).toEqual([]);
  });

  it('is left out, with a note, when it is damaged or for another scheduler', async () => {
    const record = await interruptedRecord(asha(), 6);
    const damaged = parseStudyFile(studyFileText({ ...record, scheduler: { ...record.scheduler!, state: { book: 3 } } }, 0));
    expect(damaged.scheduler).toBeUndefined();
    expect(damaged.notes.join(' ')).toMatch(/scheduler state was left out \(asha scheduler: state must be an object.*\); resuming starts the scheduler afresh/);
    const pbt = parseStudyFile(studyFileText({ ...record, scheduler: { ...record.scheduler!, name: 'pbt', options: { maxEpochs: 9 } } }, 0));
    expect(pbt.scheduler).toBeUndefined();
    expect(pbt.notes.join(' ')).toMatch(/left out/);
  });
});
