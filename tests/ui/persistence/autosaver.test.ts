import { describe, expect, it } from 'vitest';
import { createAutosaver, StorageError, updateSavedStudy, type AutosaveClock, type SavedStudyRecord } from '../../../src/ui/persistence';
import { savedRecord } from './fixtures';

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
  };
  return {
    clock,
    pending: () => timers.size,
    /** Moves time forward, firing due timers, then lets promises settle. */
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
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A store whose writes finish when the test says so. */
function manualStore() {
  const writes: { record: SavedStudyRecord; finish: () => void; fail: (e: Error) => void }[] = [];
  let active = 0;
  let mostActive = 0;
  const store = {
    put(record: SavedStudyRecord) {
      active++;
      mostActive = Math.max(mostActive, active);
      return new Promise<void>((resolve, reject) => {
        writes.push({
          record,
          finish: () => {
            active--;
            resolve();
          },
          fail: (e) => {
            active--;
            reject(e);
          },
        });
      });
    },
  };
  return { store, writes, mostActive: () => mostActive };
}

/** A store that succeeds at once and remembers what it stored. */
function recordingStore() {
  const saved: SavedStudyRecord[] = [];
  return { saved, store: { put: async (record: SavedStudyRecord) => void saved.push(record) } };
}

function versions() {
  let record = savedRecord({ now: 0 });
  return {
    get: () => record,
    bump: () => (record = updateSavedStudy(record, {}, record.updatedAt + 1)),
  };
}

describe('createAutosaver', () => {
  it('coalesces rapid changes into one write of the latest record per window', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const state = versions();
    const saver = createAutosaver(store, state.get, { debounceMs: 1000, clock: time.clock });
    for (let i = 0; i < 5; i++) {
      state.bump();
      saver.changed();
      await time.advance(100);
    }
    expect(saved).toHaveLength(0);
    await time.advance(600);
    expect(saved.map((r) => r.updatedAt)).toEqual([5]);
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('keeps saving a study that changes continuously: the window is not pushed back', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const state = versions();
    const saver = createAutosaver(store, state.get, { debounceMs: 1000, clock: time.clock });
    for (let i = 0; i < 30; i++) {
      state.bump();
      saver.changed();
      await time.advance(100);
    }
    expect(saved.map((r) => r.updatedAt)).toEqual([10, 20, 30]);
  });

  it('writes nothing when nothing changed', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const saver = createAutosaver(store, versions().get, { debounceMs: 1000, clock: time.clock });
    await time.advance(5000);
    await saver.flush();
    expect(saved).toEqual([]);
    expect(time.pending()).toBe(0);
  });

  it('flush writes at once and cancels the pending window', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const state = versions();
    const saver = createAutosaver(store, state.get, { debounceMs: 1000, clock: time.clock });
    state.bump();
    saver.changed();
    await saver.flush();
    expect(saved.map((r) => r.updatedAt)).toEqual([1]);
    expect(time.pending()).toBe(0);
    await time.advance(2000);
    expect(saved).toHaveLength(1);
  });

  it('never runs two writes at once, and writes land in order with the latest state last', async () => {
    const time = fakeClock();
    const { store, writes, mostActive } = manualStore();
    const state = versions();
    const saver = createAutosaver(store, state.get, { debounceMs: 100, clock: time.clock });
    state.bump();
    saver.changed();
    await time.advance(100);
    expect(writes).toHaveLength(1);
    state.bump();
    saver.changed();
    await time.advance(100);
    const flushed = saver.flush();
    await settle();
    expect(writes).toHaveLength(1);
    expect(saver.hasUnsavedChanges()).toBe(true);
    writes[0]?.finish();
    await settle();
    expect(writes).toHaveLength(2);
    expect(writes[1]?.record.updatedAt).toBe(2);
    writes[1]?.finish();
    await flushed;
    expect(mostActive()).toBe(1);
    expect(writes.map((w) => w.record.updatedAt)).toEqual([1, 2]);
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('reads the record at write time, not at change time', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const state = versions();
    const saver = createAutosaver(store, state.get, { debounceMs: 100, clock: time.clock });
    saver.changed();
    state.bump();
    state.bump();
    await time.advance(100);
    expect(saved.map((r) => r.updatedAt)).toEqual([2]);
  });

  it('reports a failed write through onError without throwing, and retries on the next flush', async () => {
    const time = fakeClock();
    const { store, writes } = manualStore();
    const errors: Error[] = [];
    const saved: number[] = [];
    const state = versions();
    const saver = createAutosaver(store, state.get, {
      debounceMs: 100,
      clock: time.clock,
      onError: (e) => errors.push(e),
      onSaved: (r) => saved.push(r.updatedAt),
    });
    state.bump();
    saver.changed();
    await time.advance(100);
    writes[0]?.fail(new StorageError('put', 'quota-exceeded', ''));
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ operation: 'put', problem: 'quota-exceeded' });
    expect(saver.hasUnsavedChanges()).toBe(true);
    const flushed = saver.flush();
    await settle();
    writes[1]?.finish();
    await flushed;
    expect(saved).toEqual([1]);
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('reports a throwing getRecord, and survives throwing callbacks', async () => {
    const errors: Error[] = [];
    const { store } = recordingStore();
    let calls = 0;
    const saver = createAutosaver(
      store,
      () => {
        calls++;
        if (calls === 1) throw new Error('page state broken');
        return savedRecord();
      },
      {
        debounceMs: 0,
        clock: fakeClock().clock,
        onError: (e) => {
          errors.push(e);
          throw new Error('handler bug');
        },
        onSaved: () => {
          throw new Error('handler bug');
        },
      },
    );
    saver.changed();
    await expect(saver.flush()).resolves.toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual(['page state broken']);
    await expect(saver.flush()).resolves.toBeUndefined();
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('skips the write when getRecord returns null', async () => {
    const put = async () => {
      throw new Error('should not be called');
    };
    const saver = createAutosaver({ put }, () => null, { debounceMs: 0, clock: fakeClock().clock, onError: (e) => expect.fail(e.message) });
    saver.changed();
    await saver.flush();
    expect(saver.hasUnsavedChanges()).toBe(false);
  });

  it('dispose cancels the pending window and ignores later changes', async () => {
    const time = fakeClock();
    const { store, saved } = recordingStore();
    const saver = createAutosaver(store, versions().get, { debounceMs: 100, clock: time.clock });
    saver.changed();
    saver.dispose();
    saver.changed();
    await time.advance(1000);
    expect(saved).toEqual([]);
    expect(time.pending()).toBe(0);
  });

  it('refuses a negative or NaN window', () => {
    const { store } = recordingStore();
    expect(() => createAutosaver(store, () => null, { debounceMs: -1 })).toThrow(RangeError);
    expect(() => createAutosaver(store, () => null, { debounceMs: Number.NaN })).toThrow(RangeError);
  });

  it('works with the real timers by default', async () => {
    const { store, saved } = recordingStore();
    const saver = createAutosaver(store, versions().get, { debounceMs: 5 });
    saver.changed();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(saved).toHaveLength(1);
  });
});
