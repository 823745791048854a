import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  MAX_STUDY_FILE_BYTES,
  MAX_STUDY_FILE_WITH_DATA_BYTES,
  openStudyStore,
  readStudyFile,
  STUDY_FILE_WITH_DATA_FORMAT,
  studyFileBlob,
  StudyFileError,
  studyFileWithData,
  type DataSource,
} from '../../../src/ui/persistence';
import { importStudy } from '../../../src/ui/state/study-transfer';
import { dataRecord, modelSource, tableSource } from './data-fixtures';
import { rejectedBy } from '../../thrown';

const NOW = Date.UTC(2026, 0, 2, 12);
const CSV = 'species,bill\nAdelie,39.1\nGentoo,47.5\n';

async function texts(sources: readonly DataSource[] | undefined): Promise<string[][]> {
  return Promise.all((sources ?? []).map((s) => Promise.all(s.files.map((f) => f.data.text()))));
}

/** The exported file's JSON, changed by `edit`, as a Blob again. */
async function tampered(blob: Blob, edit: (file: { sources: { name: string; bytes: number; fingerprint: string; kind: string; files: { path: string; base64: string }[] }[] }) => void): Promise<Blob> {
  const file = JSON.parse(await blob.text());
  edit(file);
  return new Blob([JSON.stringify(file)]);
}

const refusal = async (promise: Promise<unknown>): Promise<string> => (await rejectedBy(StudyFileError, promise)).message;

describe('study files with data', () => {
  const table = tableSource('penguins.csv', CSV);
  const record = dataRecord('s', table);

  it('round-trips the study and its data: paths, types and bytes, fingerprints checked', async () => {
    const blob = await studyFileWithData(record, [table], NOW);
    expect((await blob.slice(0, 60).text()).startsWith(`{"format":"${STUDY_FILE_WITH_DATA_FORMAT}"`)).toBe(true);
    const imported = await readStudyFile(blob);
    expect(imported.setup).toEqual(record.setup);
    expect(imported.study.trials).toEqual(record.study.trials);
    expect(imported.sources?.map((s) => ({ kind: s.kind, name: s.name, fingerprint: s.fingerprint, bytes: s.bytes }))).toEqual([
      { kind: 'table', name: 'penguins.csv', fingerprint: table.fingerprint, bytes: table.bytes },
    ]);
    expect(imported.sources?.[0]?.files.map((f) => [f.path, f.data.type])).toEqual([['penguins.csv', 'text/csv']]);
    expect(await texts(imported.sources)).toEqual([[CSV]]);
  });

  it('carries binary files of any length exactly (the base64 is written in pieces)', async () => {
    const bytes = Uint8Array.from({ length: 3 * 64 * 1024 + 7 }, (_, i) => (i * 31) % 256);
    const { createHash } = await import('node:crypto');
    const weights: DataSource = {
      kind: 'model',
      name: 'model.json',
      fingerprint: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      files: [{ path: 'weights.bin', data: new Blob([bytes], { type: 'application/octet-stream' }) }],
    };
    const withModel = dataRecord('m', table, weights);
    const imported = await readStudyFile(await studyFileWithData(withModel, [table, weights], NOW));
    const back = new Uint8Array(await (imported.sources?.[1]?.files[0]?.data as Blob).arrayBuffer());
    expect(back).toEqual(bytes);
  });

  it('a file without data imports the study alone', async () => {
    const imported = await readStudyFile(studyFileBlob(record, NOW));
    expect(imported.sources).toBeUndefined();
    expect(imported.setup.data?.fingerprint).toBe(table.fingerprint);
  });

  it('refuses bad base64, naming the file', async () => {
    const blob = await tampered(await studyFileWithData(record, [table], NOW), (f) => (f.sources[0]!.files[0]!.base64 = 'not*base64!'));
    expect(await refusal(readStudyFile(blob))).toBe('the file’s data is damaged: penguins.csv of “penguins.csv” is not valid base64');
  });

  it('refuses data whose fingerprint is not the one it claims', async () => {
    const other = 'species,bill\nAdelie,39.2\nGentoo,47.5\n';
    const blob = await tampered(await studyFileWithData(record, [table], NOW), (f) => (f.sources[0]!.files[0]!.base64 = btoa(other)));
    expect(await refusal(readStudyFile(blob))).toMatch(/^the file’s data “penguins.csv” has fingerprint [0-9a-f]{8}…, but the study needs [0-9a-f]{8}…/);
  });

  it('refuses files that do not hold the bytes the source declares', async () => {
    const blob = await tampered(await studyFileWithData(record, [table], NOW), (f) => (f.sources[0]!.bytes += 1));
    expect(await refusal(readStudyFile(blob))).toMatch(/^the file’s data is damaged: “penguins.csv” should hold \d+ bytes, its files hold \d+ bytes$/);
  });

  it('refuses data the study’s setup does not name', async () => {
    const stray = tableSource('other.csv', 'x\n1\n');
    const blob = await studyFileWithData(record, [stray], NOW);
    expect(await refusal(readStudyFile(blob))).toMatch(/^the file carries data the study does not use: table “other.csv”/);
    const wrongKind = await tampered(await studyFileWithData(record, [table], NOW), (f) => (f.sources[0]!.kind = 'model'));
    expect(await refusal(readStudyFile(wrongKind))).toMatch(/^the file carries data the study does not use: model/);
  });

  it('refuses malformed sources, naming the field', async () => {
    const blob = await tampered(await studyFileWithData(record, [table], NOW), (f) => (f.sources[0]!.fingerprint = 'abc'));
    expect(await refusal(readStudyFile(blob))).toBe('the file’s data is damaged: a fingerprint must be 64 hex digits, found "abc"');
  });

  it('a file with data may be larger than one without, up to its own stated limit', async () => {
    expect(MAX_STUDY_FILE_WITH_DATA_BYTES).toBeGreaterThan(MAX_STUDY_FILE_BYTES);
    const head = `{"format":"${STUDY_FILE_WITH_DATA_FORMAT}","version":1`;
    const tooBig = { size: MAX_STUDY_FILE_WITH_DATA_BYTES + 1, slice: () => new Blob([head]), text: () => expect.fail('must not read') } as unknown as Blob;
    expect(await refusal(readStudyFile(tooBig))).toBe('the file is too large (256.0 MB); study files up to 20.0 MB can be imported, or up to 256.0 MB for one that carries its data');
    // Over the plain limit, declared as carrying data but carrying none: refused after reading.
    const padding = ' '.repeat(MAX_STUDY_FILE_BYTES);
    const plainLimit = /^the file is too large \(20\.0 MB\); study files up to 20\.0 MB can be imported$/;
    const empty = await tampered(await studyFileWithData(dataRecord('s', table), [table], NOW), (f) => {
      f.sources = [];
      (f as unknown as { padding: string }).padding = padding;
    });
    expect(await refusal(readStudyFile(empty))).toMatch(plainLimit);
    // …or whose format, given again further on, is the plain one.
    const twice = new Blob([`${head},"format":"tfjs-tuner.saved-study","padding":"${padding}"}`]);
    expect(await refusal(readStudyFile(twice))).toMatch(plainLimit);
  });

  it('refuses to export data too large for a study file, saying so', async () => {
    const huge: DataSource = { ...table, files: [{ path: 'penguins.csv', data: { size: MAX_STUDY_FILE_WITH_DATA_BYTES, type: 'text/csv' } as Blob }] };
    expect(await refusal(studyFileWithData(record, [huge], NOW))).toMatch(/^the study’s data is 256 MB, so a file with it would be about 341.3 MB, over the 256 MB a study file with its data may hold: export it without data$/);
  });
});

describe('importing a study file with data', () => {
  const freshStore = () => openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
  const table = tableSource('penguins.csv', CSV);
  const model = modelSource('model.json', '{"modelTopology":{}}');

  it('stores the data, then the study', async () => {
    const store = await freshStore();
    const record = dataRecord('s', table);
    const outcome = await importStudy(await studyFileWithData(record, [table], NOW), store, NOW, (file) => readStudyFile(file));
    expect(outcome.kind).toBe('imported');
    expect(outcome.kind === 'imported' && outcome.message.text).toMatch(/^Imported “Study s” with 2 trials and its data \(“penguins.csv”\)\.$/);
    expect((await store.listSources()).map((s) => [s.name, s.usedBy.length])).toEqual([['penguins.csv', 1]]);
    expect(await texts([(await store.getSource(table.fingerprint)) as DataSource])).toEqual([[CSV]]);
    store.close();
  });

  it('a refused file changes nothing saved', async () => {
    const store = await freshStore();
    const kept = dataRecord('kept', model.kind === 'model' ? table : table);
    await store.putSource(table);
    await store.put(kept);
    const before = { studies: await store.list(), sources: await store.listSources() };
    const bad = await tampered(await studyFileWithData(dataRecord('new', table), [table], NOW), (f) => (f.sources[0]!.files[0]!.base64 = btoa('tampered')));
    const outcome = await importStudy(bad, store, NOW, (file) => readStudyFile(file));
    expect(outcome).toMatchObject({ kind: 'refused', message: { tone: 'error' } });
    expect(outcome.kind === 'refused' && outcome.message.text).toMatch(/^Import refused: the file’s data is damaged: “penguins.csv” should hold/);
    expect({ studies: await store.list(), sources: await store.listSources() }).toEqual(before);
    store.close();
  });
});
