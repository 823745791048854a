import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createStudy, type TrialJSON } from '../../../src/tuner';
import {
  createAutosaver,
  jsonBytes,
  openStudyStore,
  StorageError,
  studyBaseOf,
  trialJSON,
  type AutosaveClock,
  type HeaderUpdate,
  type StudyStore,
  type TrialChange,
} from '../../../src/ui/persistence';
import { braninSetup, savedRecord } from './fixtures';

/** Timers that fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: AutosaveClock = {
    setTimeout(callback, ms) {
      const handle = nextHandle++;
      timers.set(handle, { at: now + ms, callback });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    now: () => now,
  };
  return {
    clock,
    pending: () => timers.size,
    async advance(ms: number) {
      now += ms;
      for (const [handle, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at > now) continue;
        timers.delete(handle);
        timer.callback();
      }
      await settle();
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 0));
}

const setup = braninSetup();
const readState = () => ({ base: studyBaseOf(createStudy({ space: setup.space, sampler: 'random', seed: 1 })) });

function trial(id: number, state: TrialJSON['state'] = 'running', value: number | null = null): TrialChange {
  return { trial: { id, params: { x1: 0, x2: 0 }, state, value, intermediate: [], startedAt: id, endedAt: state === 'running' ? null : id + 1, reason: null } };
}

/** A real (fake-indexeddb) store holding an empty study "s". */
async function storeWithStudy(): Promise<StudyStore> {
  const store = await openStudyStore({ factory: new IDBFactory() });
  const record = savedRecord({ id: 's' });
  await store.put({ ...record, study: { ...record.study, trials: [] } });
  return store;
}

describe('createAutosaver (journal)', () => {
  it('appends each commit as entries and keeps the header tally', async () => {
    const store = await storeWithStudy();
    const saver = createAutosaver(store, 's', { stored: { trials: [], direction: 'minimize' } });
    expect(await saver.commit([trial(0), trial(1)], 'running', readState)).toBe(true);
    expect(await saver.commit([trial(0, 'complete', 2), trial(1, 'complete', 1)], 'running', readState)).toBe(true);
    expect(await saver.commit([trial(2)], 'running', readState)).toBe(true);
    const [summary] = await store.list();
    expect(summary).toMatchObject({ id: 's', status: 'running', trialCount: 3, bestValue: 1 });
    const record = await store.get('s');
    expect(record?.study.trials.map((t) => [t.id, t.state, t.value])).toEqual([
      [0, 'complete', 2],
      [1, 'complete', 1],
      [2, 'running', null],
    ]);
    expect((await store.readJournal('s', 0)).map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a failed write keeps its trials pending, reports the bytes it needed, and retries by itself', async () => {
    const real = await storeWithStudy();
    let full = true;
    const store: StudyStore = {
      ...real,
      append: (id, changes, update) => (full ? Promise.reject(new StorageError('save', 'quota-exceeded', 'QuotaExceededError')) : real.append(id, changes, update)),
      saveState: (state) => real.saveState(state),
      compact: (id) => real.compact(id),
    };
    const time = fakeClock();
    const errors: { problem: string; bytes: number }[] = [];
    const saver = createAutosaver(store, 's', { stored: { trials: [], direction: 'minimize' }, clock: time.clock, onError: (e, bytes) => errors.push({ problem: (e as StorageError).problem, bytes }) });
    expect(await saver.commit([trial(0, 'complete', 3)], 'running', readState)).toBe(false);
    expect(errors).toEqual([{ problem: 'quota-exceeded', bytes: jsonBytes(trial(0, 'complete', 3)) }]);
    expect(saver.hasUnsavedChanges()).toBe(true);
    full = false;
    await time.advance(2000);
    expect(saver.hasUnsavedChanges()).toBe(false);
    expect((await real.get('s'))?.study.trials.map((t) => t.state)).toEqual(['complete']);
  });

  it('writes the study state at most once per stateEveryMs, and at a status other than running', async () => {
    const real = await storeWithStudy();
    let stateWrites = 0;
    const store: StudyStore = { ...real, append: (i, c, u) => real.append(i, c, u), compact: (i) => real.compact(i), saveState: (s) => (stateWrites++, real.saveState(s)) };
    const time = fakeClock();
    const saver = createAutosaver(store, 's', { stored: { trials: [], direction: 'minimize' }, clock: time.clock, stateEveryMs: 1000 });
    await saver.commit([trial(0)], 'running', readState);
    await saver.commit([trial(1)], 'running', readState);
    expect(stateWrites).toBe(1);
    await time.advance(1000);
    await saver.commit([trial(2)], 'running', readState);
    expect(stateWrites).toBe(2);
    await saver.commit([], 'finished', readState);
    expect(stateWrites).toBe(3);
    expect((await real.list())[0]?.status).toBe('finished');
  });

  it('stops once the study is deleted', async () => {
    const store = await storeWithStudy();
    let gone = 0;
    const saver = createAutosaver(store, 's', { stored: { trials: [], direction: 'minimize' }, onGone: () => gone++ });
    await store.delete('s');
    expect(await saver.commit([trial(0)], 'running', readState)).toBe(false);
    expect(gone).toBe(1);
    expect(await store.list()).toEqual([]);
    expect(await store.readJournal('s', 0)).toEqual([]);
  });

  it('costs the same per event at trial 10 and at trial 2,000 (constant bytes per append)', async () => {
    const real = await storeWithStudy();
    const sizes: number[] = [];
    const store: StudyStore = {
      ...real,
      append: (id, changes, update: HeaderUpdate) => {
        sizes.push(jsonBytes(changes) + jsonBytes(update));
        return real.append(id, changes, update);
      },
      saveState: (s) => real.saveState(s),
      compact: (i) => real.compact(i),
    };
    const study = createStudy({ space: setup.space, sampler: 'random', seed: 3 });
    const saver = createAutosaver(store, 's', { stored: { trials: [], direction: 'minimize' } });
    for (let i = 0; i < 2000; i++) {
      const { id } = study.ask();
      study.report(id, 1, 10 + (i % 7));
      study.tell(id, 5 + (i % 11));
      await saver.commit([{ trial: trialJSON(study.trials[id] as never) }], 'running', readState);
    }
    const early = sizes[10] as number;
    const late = sizes[1999] as number;
    const header = jsonBytes(await real.header('s'));
    // Ids and timestamps grow by a few digits; nothing grows with the number of trials.
    expect(Math.abs(late - early)).toBeLessThan(32);
    expect(header).toBeLessThan(4000);
    console.log(`bytes per append (one told trial + header update): trial 10 ${early}, trial 2000 ${late}; header ${header} B`);
    expect((await real.get('s'))?.study.trials).toHaveLength(2000);
  }, 60_000);
});
