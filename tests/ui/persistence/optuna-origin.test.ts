/**
 * A snapshot's origin (a Manual duel's player, a race run) through the export for Optuna and back:
 * the journal carries it as the study user attr `tfjs_tuner_origin`, and importing the journal keeps
 * it in the record's `extra`, so Saved names the study by it and refuses to continue it, instead of
 * matching it to a task to resume. An attr that is not a valid origin is ignored, with a note.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createStudy, importOptunaJournal, studyToOptunaJournal } from '../../../src/tuner';
import { createSavedStudy, openStudyStore, optunaJournalFile, readOptunaFile, studyFileBlob, studyOriginOf, type SavedStudyRecord, type StudyOrigin } from '../../../src/ui/persistence';
import { OPTUNA_ORIGIN_ATTR, originContinueMessage, originExtra } from '../../../src/ui/persistence/study-origin';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { ManualDuel } from '../../../src/ui/state/manual-duel.svelte';
import { StudyLibrary } from '../../../src/ui/state/study-library.svelte';
import { snapshotFile } from '../../../src/ui/state/study-snapshot';
import { instantYield } from '../state/fakes';
import { memoryChannelHub } from '../state/memory-locks';

const NOW = 1_700_000_000_000;

/** A library on a fresh store (another browser's, as it were). */
async function openLibrary(): Promise<StudyLibrary> {
  const lib = new StudyLibrary({ openStore: () => openStudyStore({ factory: new IDBFactory() }), now: () => NOW, channel: memoryChannelHub() });
  await lib.open();
  return lib;
}

/** Your side of a Manual duel of three tries on a budget of five, saved as the duel's save does. */
async function savedDuel(lib: StudyLibrary): Promise<SavedStudyRecord> {
  const duel = new ManualDuel({ yieldToPage: instantYield });
  duel.budget = 5;
  for (const x1 of [0, 3, 9]) await duel.pick({ x1, x2: 4 });
  const [mine] = duel.snapshots();
  if (mine === undefined) throw new Error('no snapshot');
  const id = await lib.transfers.importFile(snapshotFile(mine, NOW));
  const record = id === null ? null : await lib.get(id);
  if (record === null) throw new Error('the duel was not saved');
  return record;
}

/** Imports journal text into `lib` as the Saved view's import does; the stored record. */
async function importJournal(lib: StudyLibrary, text: string): Promise<SavedStudyRecord> {
  const id = await lib.transfers.optuna.importFile(new File([text], 'study.optuna.jsonl'));
  const record = id === null ? null : await lib.get(id);
  if (record === null) throw new Error(`not imported: ${lib.message?.text}`);
  return record;
}

describe('a snapshot exported for Optuna and imported again', () => {
  const duelOrigin: StudyOrigin = { kind: 'manual-duel', player: 'you', seed: 1, budget: 5, tries: 3 };

  it('keeps a Manual duel player’s origin, so it is named by it and refused continuing, not resumed on Branin', async () => {
    const here = await openLibrary();
    const record = await savedDuel(here);
    expect(studyOriginOf(record.extra)).toEqual(duelOrigin);
    // Renamed, so nothing can be told from its name: only the journal's attr says what it is.
    const journal = await optunaJournalFile({ ...record, name: 'My Branin tries' }, NOW).blob.text();
    expect(importOptunaJournal(journal).studyUserAttrs[OPTUNA_ORIGIN_ATTR]).toEqual(duelOrigin);

    const there = await openLibrary();
    const imported = await importJournal(there, journal);
    expect(imported.name).toBe('My Branin tries');
    expect(studyOriginOf(imported.extra)).toEqual(duelOrigin);
    expect(imported.status).toBe('finished');
    expect(imported.setup.task).toBe('branin');
    expect(imported.setup.budget.trials).toBe(3);
    expect(imported.study.trials.map((t) => t.params.x1)).toEqual(record.study.trials.map((t) => t.params.x1));
    expect(there.message?.text).not.toMatch(/Resuming it runs/);
    expect(there.message?.text).toContain(`It cannot continue in this page: ${originContinueMessage(duelOrigin)}.`);
    const summary = there.summaries.find((s) => s.id === imported.id);
    expect(summary?.origin).toEqual(duelOrigin);
    await there.continueChecks.update(there.summaries);
    expect(there.continueChecks.problems.get(imported.id)).toEqual({ kind: 'snapshot', message: originContinueMessage(duelOrigin) });
    // And it goes on travelling: exported as a study file, it still carries the origin.
    expect(studyOriginOf(JSON.parse(await studyFileBlob(imported, NOW).text()).extra)).toEqual(duelOrigin);
  });

  it('keeps a race run’s origin whose parameters fit no task, beside the sampler that made it', async () => {
    const origin: StudyOrigin = { kind: 'race-run', entry: 'PBT', scheduler: 'pbt', raceSeed: 2, runSeed: 7, repeat: 1 };
    const study = createStudy({ name: 'run', space: { lr: { type: 'float', low: 1e-4, high: 1e-1, log: true } }, sampler: 'random', seed: 7, clock: () => NOW });
    study.tell(study.ask().id, 0.4);
    const record = createSavedStudy({ name: 'a race run', setup: defaultSetup('branin'), study: study.toJSON(), status: 'finished', now: NOW, extra: originExtra(origin) });
    const read = await readOptunaFile(new Blob([await optunaJournalFile(record, NOW).blob.text()]), null, () => NOW);
    if (read.kind !== 'study') throw new Error(read.kind);
    expect(studyOriginOf(read.imported.extra)).toEqual(origin);
    expect(read.imported.extra).toMatchObject({ optunaOrigin: { sampler: { from: 'tfjs-tuner', name: 'random' } } });
    expect(read.imported.status).toBe('finished');
    expect(read.imported.notes).toEqual([expect.stringMatching(/^It cannot continue in this page: it is a finished snapshot of a race run whose PBT scheduler state lived in the race/)]);
  });

  it('writes no origin attr for a plain study, which imports ready to resume as before', async () => {
    const record = createSavedStudy({ name: 'plain', setup: defaultSetup('branin'), study: (await savedDuel(await openLibrary())).study, status: 'paused', now: NOW });
    const journal = await optunaJournalFile(record, NOW).blob.text();
    expect(journal).not.toContain(OPTUNA_ORIGIN_ATTR);
    const read = await readOptunaFile(new Blob([journal]), null, () => NOW);
    if (read.kind !== 'study') throw new Error(read.kind);
    expect(read.imported.extra).toBeUndefined();
    expect(read.imported.notes.at(-1)).toBe('Resuming it runs 20 more trials.');
  });

  it('ignores an attr that is not a valid origin, with a note, and imports the study as a plain one', async () => {
    const study = createStudy({ name: 'odd', space: defaultSetup('branin').space, sampler: 'random', seed: 3, clock: () => NOW });
    study.tell(study.ask().id, 4);
    const journal = studyToOptunaJournal(study, { now: NOW, studyUserAttrs: { [OPTUNA_ORIGIN_ATTR]: { kind: 'manual-duel', player: 'someone', seed: 1 } } });
    const lib = await openLibrary();
    const imported = await importJournal(lib, journal);
    expect(studyOriginOf(imported.extra)).toBeNull();
    expect(imported.setup.task).toBe('branin');
    expect(lib.message?.text).toContain(`Its journal's study attr “${OPTUNA_ORIGIN_ATTR}” is not a Manual duel player or race run this page knows, so it was ignored and the study imported as a plain one.`);
    expect(lib.message?.text).toMatch(/Resuming it runs 20 more trials\.$/);
    await lib.continueChecks.update(lib.summaries);
    expect(lib.continueChecks.problems.has(imported.id)).toBe(false);
  });
});
