/**
 * A Manual duel's players and a race's runs kept in Saved: each keeps its origin through the store,
 * the list, JSON export and import, and the Optuna journal export; the page names it by its origin
 * and refuses to continue it; a race run keeps its scheduler; records saved before origins were kept
 * still open and are recognised by their names.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { JOURNAL_OP } from '../../../src/tuner';
import {
  createSavedStudy,
  openStudyStore,
  optunaJournalFile,
  parseStudyFile,
  resumeStudy,
  studyFileBlob,
  studyOriginOf,
  type StudyOrigin,
  type StudySummary,
} from '../../../src/ui/persistence';
import { originContinueMessage, originLabel, originSentence, trialMaker } from '../../../src/ui/persistence/study-origin';
import { savedLineage } from '../../../src/ui/analysis/lineage';
import { ScheduledRaceRun } from '../../../src/ui/race/race-scheduled';
import type { RaceRun } from '../../../src/ui/race/race-run';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { TASKS } from '../../../src/ui/setup/tasks';
import { ContinueChecks } from '../../../src/ui/state/continue-checks.svelte';
import { ManualDuel } from '../../../src/ui/state/manual-duel.svelte';
import { raceRunSnapshots } from '../../../src/ui/state/race-snapshots';
import { snapshotFile, studyOfTrials, type StudySnapshot } from '../../../src/ui/state/study-snapshot';
import { importStudy } from '../../../src/ui/state/study-transfer';
import { instantYield } from './fakes';

const task = TASKS.branin;
if (task.kind !== 'synthetic') throw new Error('Branin is synthetic');
const branin = task;

const NOW = 1_700_000_000_000;

async function playedDuel(): Promise<ManualDuel> {
  const duel = new ManualDuel({ yieldToPage: instantYield });
  duel.budget = 5;
  for (const x1 of [0, 3, 9]) await duel.pick({ x1, x2: 4 });
  return duel;
}

async function scheduledRun(entry: 'asha-random' | 'pbt', repeat = 0): Promise<RaceRun> {
  return new ScheduledRaceRun({ entry, objective: branin.objective, space: branin.defaultSpace, structural: [], repeat, seed: 3 + repeat, epochsPerTrial: 10, computeEpochs: 60, cancelled: () => false }).run();
}

function raceSnapshots(runs: readonly RaceRun[]): StudySnapshot[] {
  return raceRunSnapshots({ task: 'branin', space: branin.defaultSpace, seed: 1, budget: 6, runs, base: defaultSetup('branin'), epochsPerTrial: 10, workers: 1 });
}

/** Stores each snapshot as Saved does (its study file through the library's import) in a fresh store. */
async function saved(snapshots: readonly StudySnapshot[]) {
  const store = await openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
  const ids: string[] = [];
  for (const snapshot of snapshots) {
    const outcome = await importStudy(snapshotFile(snapshot, NOW), store, NOW, async (file) => parseStudyFile(await file.text()));
    if (outcome.kind !== 'imported') throw new Error(`not imported: ${outcome.kind}`);
    ids.push(outcome.record.id);
  }
  return { store, ids };
}

const byName = (summaries: readonly StudySummary[], name: RegExp) => summaries.find((s) => name.test(s.name)) as StudySummary;

describe('a saved Manual duel', () => {
  it('keeps who made its trials through the store, the list and a JSON export and import', async () => {
    const duel = await playedDuel();
    const { store, ids } = await saved(duel.snapshots());
    const summaries = await store.list();
    const mine = byName(summaries, /your picks$/);
    const gp = byName(summaries, /the GP$/);
    expect(mine.origin).toEqual({ kind: 'manual-duel', player: 'you', seed: 1, budget: 5, tries: 3 });
    expect(gp.origin).toMatchObject({ kind: 'manual-duel', player: 'gp' });
    expect(originLabel(mine.origin as StudyOrigin)).toBe('Manual duel: your tries');
    expect(trialMaker(gp.origin as StudyOrigin, 1)).toBe('the GP’s answer to your try 2');
    expect(originSentence(mine.origin as StudyOrigin)).toMatch(/one of your tries, a point you clicked on the map \(no sampler chose it\)/);

    const record = await store.get(ids[0] as string);
    if (record === null) throw new Error('missing');
    expect(record.study.trials.map((t) => t.params.x1)).toEqual([0, 3, 9]);
    expect(studyOriginOf(record.extra)).toEqual(mine.origin);
    // Exported and imported again (into another browser): the origin comes along.
    const again = await saved([]);
    const outcome = await importStudy(studyFileBlob(record, NOW), again.store, NOW, async (file) => parseStudyFile(await file.text()));
    expect(outcome.kind).toBe('imported');
    expect((await again.store.list())[0]?.origin).toEqual(mine.origin);
    // The Optuna journal export still writes every trial.
    const journal = await optunaJournalFile(record, NOW).blob.text();
    const created = journal.trim().split('\n').map((line) => JSON.parse(line) as { op_code: number }).filter((op) => op.op_code === JOURNAL_OP.CREATE_TRIAL);
    expect(created).toHaveLength(3);
    store.close();
    again.store.close();
  });

  it('is refused continuing, by name, finished or not', async () => {
    const duel = await playedDuel();
    const { store } = await saved(duel.snapshots());
    const summaries = await store.list();
    const checks = new ContinueChecks({ setup: async () => null, extra: async () => undefined });
    await checks.update(summaries);
    const mine = byName(summaries, /your picks$/);
    expect(checks.problems.get(mine.id)).toEqual({ kind: 'snapshot', message: originContinueMessage(mine.origin as StudyOrigin) });
    expect(checks.problems.get(mine.id)?.message).toMatch(/your side of a Manual duel: its trials are points you picked, and going on would draw random points instead/);
    expect(checks.problems.get(byName(summaries, /the GP$/).id)?.kind).toBe('snapshot');
    store.close();
  });
});

describe('a saved race run', () => {
  it('keeps its scheduler and how each trial ended, and says what it lost', async () => {
    const asha = await scheduledRun('asha-random');
    expect(asha.trials.some((t) => t.state === 'pruned')).toBe(true);
    const [snapshot] = raceSnapshots([asha]);
    if (snapshot === undefined) throw new Error('no snapshot');
    expect(snapshot.name).toBe('Race on Synthetic: Branin landscape (instant), seed 1: ASHA + random');
    expect(snapshot.setup.scheduler).toEqual({ name: 'asha', options: { reductionFactor: 3, minEpochs: 1 } });
    expect(snapshot.setup.budget.epochs).toBe(10);
    const { store, ids } = await saved([snapshot]);
    const record = await store.get(ids[0] as string);
    if (record === null) throw new Error('missing');
    expect(record.setup.scheduler?.name).toBe('asha');
    expect(record.study.trials.map((t) => [t.state, t.intermediate.length])).toEqual(asha.trials.map((t) => [t.state, t.intermediate.length]));
    // Reopening it re-runs nothing: no trial was left running, so none is marked interrupted.
    expect(resumeStudy(record).interruptedTrialIds).toEqual([]);
    const [summary] = await store.list();
    expect(summary?.origin).toEqual({ kind: 'race-run', entry: 'ASHA + random', scheduler: 'asha', raceSeed: 1, runSeed: null, repeat: 0 });
    expect(originSentence(summary?.origin as StudyOrigin)).toMatch(/rungs and population lived in the race and are not kept/);
    store.close();
  });

  it('names each repeat and keeps PBT with the options the race sized it with', async () => {
    const runs = [await scheduledRun('pbt', 0), await scheduledRun('pbt', 1)];
    const snapshots = raceSnapshots(runs);
    expect(snapshots.map((s) => s.name)).toEqual(['Race on Synthetic: Branin landscape (instant), seed 1: PBT, run 1 (seed 3)', 'Race on Synthetic: Branin landscape (instant), seed 1: PBT, run 2 (seed 4)']);
    expect(snapshots[1]?.setup.scheduler?.name).toBe('pbt');
    expect(snapshots[1]?.setup.scheduler?.options).toMatchObject({ populationSize: 6, readyEvery: 2 });
    expect(snapshots[1]?.origin).toEqual({ kind: 'race-run', entry: 'PBT', scheduler: 'pbt', raceSeed: 1, runSeed: 4, repeat: 1 });
    expect(originSentence(snapshots[1]?.origin as StudyOrigin)).not.toMatch(/lineage/);
    const { store, ids } = await saved(snapshots);
    expect((await store.list()).map((s) => s.origin?.kind)).toEqual(['race-run', 'race-run']);
    // Each keeps its scheduler's state as the run ended, so Results draws which trial started from which.
    for (const [i, run] of runs.entries()) {
      const record = await store.get(ids[i] as string);
      const lineage = savedLineage(record?.scheduler);
      expect(lineage).not.toBeNull();
      expect(lineage).toEqual(savedLineage(run.scheduler));
      for (const e of lineage ?? []) expect(record?.study.trials[e.childId]).toBeDefined();
    }
    expect(runs.some((run) => (savedLineage(run.scheduler)?.length ?? 0) > 0)).toBe(true);
    store.close();
  });

  it('keeps no scheduler state for the other schedulers, and none for a run saved before lineages were kept', async () => {
    const asha = await scheduledRun('asha-random');
    expect(asha.scheduler).toBeUndefined();
    expect(raceSnapshots([asha])[0]?.scheduler).toBeUndefined();
    const { scheduler: _dropped, ...old } = await scheduledRun('pbt');
    const { store, ids } = await saved(raceSnapshots([old]));
    const record = await store.get(ids[0] as string);
    expect(record?.scheduler).toBeUndefined();
    expect(savedLineage(record?.scheduler)).toBeNull();
    store.close();
  });
});

describe('records saved before origins were kept', () => {
  it('still open, and are recognised by the names the duel and race saves gave them', async () => {
    const duel = await playedDuel();
    const store = await openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
    const old = (name: string, strategy: 'random' | 'gp') => createSavedStudy({ name, setup: { ...defaultSetup('branin'), strategy }, study: duel.learnerStudy.toJSON(), status: 'finished', now: NOW });
    const race = studyOfTrials({ name: 'r', space: branin.defaultSpace, direction: 'minimize', seed: 9, sampler: 'gp', trials: duel.gpTrials });
    await store.put(old('Manual duel, seed 1, 3 of 5 tries: your picks', 'random'));
    await store.put(createSavedStudy({ name: 'Race on Branin, seed 2: Bayesian (GP-EI), run 2 (seed 9)', setup: { ...defaultSetup('branin'), strategy: 'gp' }, study: race.toJSON(), status: 'finished', now: NOW + 1 }));
    await store.put(old('My Branin study', 'random'));
    const summaries = await store.list();
    expect(byName(summaries, /your picks$/).origin).toEqual({ kind: 'manual-duel', player: 'you', seed: 1, budget: 5, tries: 3 });
    expect(byName(summaries, /^Race/).origin).toEqual({ kind: 'race-run', entry: 'Bayesian (GP-EI)', scheduler: null, raceSeed: 2, runSeed: 9, repeat: 1 });
    expect(byName(summaries, /^My/).origin).toBeNull();
    for (const summary of summaries) {
      const record = await store.get(summary.id);
      expect(record === null ? null : resumeStudy(record).study.trials.length).toBe(3);
    }
    store.close();
  });

  it('ignores a damaged origin (the study shows as a plain one)', () => {
    expect(studyOriginOf({ snapshotOrigin: { kind: 'manual-duel', player: 'someone' } })).toBeNull();
    expect(studyOriginOf([1, 2])).toBeNull();
  });
});
