import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DATABASE_NAME, EARLIER_DATABASE_NAMES, moveDatabase, openStudyStore, StorageError } from '../../../src/ui/persistence';
import { savedRecord } from './fixtures';

const OLD = EARLIER_DATABASE_NAMES[0] as string;

async function names(factory: IDBFactory): Promise<string[]> {
  return (await factory.databases()).map((d) => d.name ?? '').sort();
}

/** A browser whose storage already holds two studies under the old name (one with a longer journal). */
async function oldBrowser(): Promise<IDBFactory> {
  const factory = new IDBFactory();
  const old = await openStudyStore({ factory, databaseName: OLD });
  await old.put(savedRecord({ id: 'a', name: 'first' }));
  await old.put(savedRecord({ id: 'b', name: 'second', status: 'finished' }));
  const record = savedRecord({ id: 'a' });
  const seven = { ...record.study.trials[4]!, id: 6, params: { x1: 1, x2: 1 } };
  await old.append('a', [{ trial: seven }], { status: 'running', updatedAt: 5, tally: (await old.header('a'))!.tally });
  await old.saveState({ id: 'a', base: { ...(await old.get('a'))!.study, trials: undefined } as never, extra: { note: 'kept' } });
  old.close();
  return factory;
}

/** `factory` with some of its methods replaced. */
function factoryWith(factory: IDBFactory, over: Partial<Record<'open' | 'databases', unknown>>): IDBFactory {
  return {
    open: (name: string, version?: number) => factory.open(name, version),
    deleteDatabase: (name: string) => factory.deleteDatabase(name),
    databases: () => factory.databases(),
    cmp: (a: unknown, b: unknown) => factory.cmp(a, b),
    ...over,
  } as IDBFactory;
}

describe('moving saved studies to the renamed database', () => {
  it('copies every study, state and journal entry from the old name, then deletes the old database', async () => {
    const factory = await oldBrowser();
    const before = await openStudyStore({ factory, databaseName: OLD });
    const expected = { a: await before.get('a'), b: await before.get('b'), journal: await before.readJournal('a', 0) };
    before.close();
    expect(await names(factory)).toEqual([OLD]);

    const store = await openStudyStore({ factory });
    expect(store.moveError).toBeUndefined();
    expect((await store.list()).map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(await store.get('a')).toEqual(expected.a);
    expect(await store.get('b')).toEqual(expected.b);
    expect(await store.readJournal('a', 0)).toEqual(expected.journal);
    expect((await store.get('a'))?.extra).toEqual({ note: 'kept' });
    store.close();
    expect(await names(factory)).toEqual([DATABASE_NAME]);
    expect(DATABASE_NAME).toBe('tfjs-tuner');
  });

  it('leaves the old database in place, works on it and says why when the copy fails', async () => {
    const factory = await oldBrowser();
    const refusing = factoryWith(factory, {
      open: (name: string, version?: number) => {
        if (name === DATABASE_NAME) throw new DOMException('disk full', 'QuotaExceededError');
        return factory.open(name, version);
      },
    });
    const store = await openStudyStore({ factory: refusing });
    expect(store.moveError).toBeInstanceOf(StorageError);
    expect(store.moveError).toMatchObject({ operation: 'open', problem: 'quota-exceeded' });
    expect((await store.list()).map((s) => s.id).sort()).toEqual(['a', 'b']);
    store.close();
    expect(await names(factory)).toEqual([OLD]);

    // The next load moves them.
    const later = await openStudyStore({ factory });
    expect(later.moveError).toBeUndefined();
    expect((await later.list()).map((s) => s.id).sort()).toEqual(['a', 'b']);
    later.close();
    expect(await names(factory)).toEqual([DATABASE_NAME]);
  });

  it('removes the half-made new database when a write of the copy fails, and keeps the old one whole', async () => {
    const factory = await oldBrowser();
    // After the copy's own upgrade work, one more write that storage refuses (a second study "a").
    const failingWrite = factoryWith(factory, {
      open: (name: string, version?: number) => {
        const request = factory.open(name, version);
        if (name !== DATABASE_NAME) return request;
        const add = request.addEventListener.bind(request) as (type: string, listener: (event: Event) => void) => void;
        request.addEventListener = ((type: string, listener: (event: Event) => void) =>
          add(type, (event) => {
            listener(event);
            if (type === 'upgradeneeded') request.transaction?.objectStore('studies').add({ id: 'a' });
          })) as typeof request.addEventListener;
        return request;
      },
    });
    const move = await moveDatabase(failingWrite, OLD, DATABASE_NAME);
    expect(move).toMatchObject({ kind: 'failed', error: { operation: 'open' } });
    expect(await names(factory)).toEqual([OLD]);
    const old = await openStudyStore({ factory, databaseName: OLD });
    expect((await old.list()).map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect((await old.get('a'))?.study.trials).toHaveLength(7);
    old.close();
  });

  it('moves nothing when the new database exists already, or the old one never did', async () => {
    const factory = await oldBrowser();
    (await openStudyStore({ factory, databaseName: DATABASE_NAME, earlierNames: [] })).close();
    expect(await moveDatabase(factory, OLD, DATABASE_NAME)).toEqual({ kind: 'none' });
    expect(await names(factory)).toEqual([OLD, DATABASE_NAME].sort());
    const empty = new IDBFactory();
    expect(await moveDatabase(empty, OLD, DATABASE_NAME)).toEqual({ kind: 'none' });
    expect(await names(empty)).toEqual([]);
  });

  it('finds the old database without indexedDB.databases(), and its probe creates none', async () => {
    const factory = await oldBrowser();
    const older = factoryWith(factory, { databases: undefined });
    expect(await moveDatabase(older, 'never-made', 'other')).toEqual({ kind: 'none' });
    expect(await names(factory)).toEqual([OLD]);
    const move = await moveDatabase(older, OLD, DATABASE_NAME);
    expect(move).toMatchObject({ kind: 'moved', oldDeleted: true });
    expect(await names(factory)).toEqual([DATABASE_NAME]);
  });
});
