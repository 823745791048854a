/** The Saved view's library with the user's data: export with or without it, import with it, and deletion that frees data no study uses. */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStudyStore, readStudyFile, studyFileText, type StudyStore } from '../../../src/ui/persistence';
import { StudyLibrary } from '../../../src/ui/state/study-library.svelte';
import { memoryChannelHub } from '../state/memory-locks';
import { dataRecord, tableSource } from '../persistence/data-fixtures';

const CSV = 'x,species\n1,A\n2,B\n';
const table = tableSource('penguins.csv', CSV);

async function setUp() {
  const factory = new IDBFactory();
  const store: StudyStore = await openStudyStore({ factory, keyRanges: IDBKeyRange });
  const downloads: { blob: Blob; name: string }[] = [];
  const library = new StudyLibrary({
    openStore: () => openStudyStore({ factory, keyRanges: IDBKeyRange }),
    now: () => Date.UTC(2026, 0, 2),
    download: (blob, name) => downloads.push({ blob, name }),
    channel: memoryChannelHub(),
    readFile: (file) => readStudyFile(file),
    estimate: null,
  });
  await library.open();
  return { store, library, downloads };
}

describe('the library and the user’s data', () => {
  it('exports a study with its data, and imports that file elsewhere with the data', async () => {
    const { store, library, downloads } = await setUp();
    await store.putSource(table);
    await store.put(dataRecord('s', table, undefined, 'Penguins'));
    await library.refresh();
    await library.transfers.exportWithData('s');
    expect(downloads.map((d) => d.name)).toEqual(['Penguins-2026-01-02-with-data.json']);

    const elsewhere = await setUp();
    const id = await elsewhere.library.transfers.importFile(downloads[0]!.blob);
    expect(id).not.toBeNull();
    expect(elsewhere.library.message?.text).toBe('Imported “Penguins” with 2 trials and its data (“penguins.csv”).');
    expect(await (await elsewhere.store.getSource(table.fingerprint))?.files[0]?.data.text()).toBe(CSV);
    expect(await elsewhere.library.savedSetup(id!)).toMatchObject({ data: { fingerprint: table.fingerprint } });
  });

  it('says why a study whose data is not here cannot be exported with it; the plain export still works', async () => {
    const { store, library, downloads } = await setUp();
    await store.put(dataRecord('s', table, undefined, 'Penguins'));
    await library.transfers.exportWithData('s');
    expect(library.message?.text).toBe(
      `“Penguins” was not exported with its data: penguins.csv (fingerprint ${table.fingerprint.slice(0, 8)}…) is not in this browser. Export it without data, or resume it and choose its data first.`,
    );
    expect(downloads).toEqual([]);
    await library.transfers.exportJson('s');
    expect(JSON.parse(await downloads[0]!.blob.text())).not.toHaveProperty('sources');
  });

  it('an import without data stores the study alone', async () => {
    const { store, library } = await setUp();
    await library.transfers.importFile(new Blob([studyFileText(dataRecord('s', table), 0)]));
    expect(await store.listSources()).toEqual([]);
    expect(library.summaries.map((s) => s.task)).toEqual(['user-data']);
  });

  it('deleting a study deletes the data no other study uses', async () => {
    const { store, library } = await setUp();
    await store.putSource(table);
    await store.put(dataRecord('a', table));
    await store.put(dataRecord('b', table));
    await library.refresh();
    await library.remove('a');
    expect((await store.listSources()).map((s) => s.usedBy)).toEqual([['b']]);
    await library.remove('b');
    expect(await store.listSources()).toEqual([]);
  });
});
