/** Asking for a study's missing data: only files with the fingerprint the study names are accepted, and a refusal changes nothing. */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createDataPrepApi } from '../../../src/training/user-data/data-prep-api';
import { DataSources } from '../../../src/ui/data/data-sources.svelte';
import { MissingDataRequest, pickName } from '../../../src/ui/data/missing-data.svelte';
import { openStudyStore, StorageError } from '../../../src/ui/persistence';
import { dataSetup, tableSource } from '../persistence/data-fixtures';

const CSV = 'x,species\n1,A\n2,B\n';
const table = tableSource('penguins.csv', CSV);
const csvFile = (text: string, path = 'penguins.csv') => [{ path, data: new Blob([text], { type: 'text/csv' }) }];

async function setUp() {
  const store = await openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
  const api = createDataPrepApi();
  const sources = new DataSources({ openStore: async () => store, prep: async () => api });
  const missing = await sources.missing(dataSetup(table));
  let found = 0;
  const request = new MissingDataRequest(missing, { sources, onFound: () => void (found += 1) });
  return { store, sources, request, found: () => found };
}

describe('MissingDataRequest', () => {
  it('asks for the study’s data by name and fingerprint', async () => {
    const { request, store } = await setUp();
    expect(request.current?.message).toBe(`This study’s data, penguins.csv (fingerprint ${table.fingerprint.slice(0, 8)}…), is not in this browser: choose the file`);
    store.close();
  });

  it('refuses other data, naming both fingerprints, and stores nothing', async () => {
    const { request, store, found } = await setUp();
    const other = tableSource('other.csv', 'x,species\n1,A\n3,B\n');
    expect(await request.supply(csvFile('x,species\n1,A\n3,B\n', 'other.csv'))).toBe(false);
    expect(request.refusal).toBe(`other.csv has fingerprint ${other.fingerprint.slice(0, 8)}…, the study needs ${table.fingerprint.slice(0, 8)}… (penguins.csv): choose the same data the study was run on.`);
    expect(request.current?.fingerprint).toBe(table.fingerprint);
    expect(await store.listSources()).toEqual([]);
    expect(found()).toBe(0);
    expect(await request.supply([])).toBe(false);
    expect(request.refusal).toBe('No files were chosen.');
    store.close();
  });

  it('accepts the same bytes under any name: stores them and goes on', async () => {
    const { request, store, sources, found } = await setUp();
    expect(await request.supply(csvFile(CSV, 'renamed.csv'))).toBe(true);
    expect(request.refusal).toBeNull();
    expect(request.current).toBeNull();
    expect(found()).toBe(1);
    const stored = await store.getSource(table.fingerprint);
    expect(stored).toMatchObject({ kind: 'table', name: 'penguins.csv', bytes: table.bytes });
    expect(await sources.missing(dataSetup(table))).toEqual([]);
    store.close();
  });

  it('uses the data for this visit when it cannot be stored, and says so', async () => {
    const api = createDataPrepApi();
    const full = { putSource: () => Promise.reject(new StorageError('store-data', 'quota-exceeded', 'it needs 20 bytes')), getSource: async () => null };
    const sources = new DataSources({ openStore: async () => full, prep: async () => api });
    const request = new MissingDataRequest(await sources.missing(dataSetup(table)), { sources, onFound: () => undefined });
    expect(await request.supply(csvFile(CSV))).toBe(true);
    expect(request.note).toMatch(/^penguins.csv is used for this visit only, since it could not be stored in this browser: could not store the study’s data: the browser storage for this page is full/);
    expect(await sources.get(table.fingerprint)).not.toBeNull();
  });

  it('names a pick by its file, or its folder', () => {
    const blob = new Blob(['x']);
    expect(pickName([{ path: 'a.csv', data: blob }])).toBe('a.csv');
    expect(pickName([{ path: 'pets/cat/1.png', data: blob }, { path: 'pets/dog/1.png', data: blob }])).toBe('pets');
    expect(pickName([{ path: 'model.json', data: blob }, { path: 'weights.bin', data: blob }])).toBe('the 2 files chosen');
  });
});
