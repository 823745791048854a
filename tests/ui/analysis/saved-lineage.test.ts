/**
 * PBT's lineage from what a study keeps: the scheduler state saved with it gives the same edges as
 * the run's events did, joins this tab's newer ones, survives the store, and a study saved without
 * it says so plainly.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createSavedStudy, openStudyStore, resumeStudy } from '../../../src/ui/persistence';
import { lineageLayout, noLineageSentence, savedLineage, studyLineage } from '../../../src/ui/analysis/lineage';
import { timelineFromEvents } from '../../../src/ui/analysis/timeline';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from '../state/fakes';

const pbtSetup = (): SetupConfig =>
  validateSetup({
    ...defaultSetup('synthetic-mlp'),
    strategy: 'random',
    workers: 4,
    budget: { trials: 14, minutes: null, epochs: 8 },
    scheduler: { name: 'pbt', options: { populationSize: 4, readyEvery: 2, hyperparameters: ['learningRate', 'dropout'] } },
  });

const edge = (childId: number, parentId: number, atEpoch = 2, changed: string[] = ['learningRate']) => ({ childId, parentId, atEpoch, changed });
const pbtState = (lineage: unknown) => ({ name: 'pbt', options: {}, state: { book: {}, exhausted: false, lastSampled: null, extra: { roots: 2, queue: [], lineage } } });

describe('savedLineage', () => {
  it('reads the children of a saved PBT scheduler state, roots left out', () => {
    const saved = pbtState([
      { trialId: 0, parentId: null, atEpoch: 0, changed: [] },
      { trialId: 1, parentId: null, atEpoch: 0, changed: [] },
      { trialId: 2, parentId: 0, atEpoch: 4, changed: ['dropout'] },
    ]);
    expect(savedLineage(saved)).toEqual([edge(2, 0, 4, ['dropout'])]);
    expect(savedLineage(pbtState([{ trialId: 0, parentId: null, atEpoch: 0, changed: [] }]))).toEqual([]);
  });

  it('knows nothing from no state, another scheduler’s, or a damaged one', () => {
    expect(savedLineage(undefined)).toBeNull();
    expect(savedLineage(null)).toBeNull();
    expect(savedLineage({ name: 'asha', options: {}, state: { book: {}, exhausted: false } })).toBeNull();
    expect(savedLineage({ name: 'pbt', options: {}, state: { book: {} } })).toBeNull();
    expect(savedLineage(pbtState('many'))).toBeNull();
    expect(savedLineage(pbtState([{ trialId: -1, parentId: 0, atEpoch: 2, changed: [] }]))).toBeNull();
    expect(savedLineage(pbtState([{ trialId: 3, parentId: 0, atEpoch: 2, changed: [7] }]))).toBeNull();
  });
});

describe('studyLineage', () => {
  it('joins the saved edges with this tab’s, one per child, this tab’s winning', () => {
    expect(studyLineage([edge(5, 1), edge(3, 0)], [edge(5, 2, 6), edge(9, 3)])).toEqual([edge(3, 0), edge(5, 2, 6), edge(9, 3)]);
    expect(studyLineage(null, [])).toEqual([]);
    expect(studyLineage([], null)).toEqual([]);
    expect(studyLineage(null, null)).toBeNull();
  });

  it('says plainly when a saved study has no lineage, and never blames the tab for it', () => {
    const unknown = noLineageSentence(false, 'ended');
    expect(unknown).toMatch(/saved without its PBT lineage/);
    expect(unknown).not.toMatch(/in this tab/);
    expect(noLineageSentence(true, 'ended')).toMatch(/every trial trained from scratch/);
    expect(noLineageSentence(true, 'live')).toMatch(/yet\.$/);
    expect(noLineageSentence(false, 'elsewhere')).toMatch(/Another tab runs this study/);
  });
});

describe('a PBT study reopened from its saved record', () => {
  it('has the lineage its run recorded, through the store and a reload', async () => {
    const setup = pbtSetup();
    const session = StudySession.fresh(setup, simulatedSessionDeps());
    await session.start();
    const recorded = timelineFromEvents(session.events).lineage;
    expect(recorded.length).toBeGreaterThan(0);
    const byChild = (edges: readonly { childId: number }[]) => [...edges].sort((a, b) => a.childId - b.childId);
    expect(savedLineage(session.schedulerState())).toEqual(byChild(recorded));

    const store = await openStudyStore({ factory: new IDBFactory(), keyRanges: IDBKeyRange });
    const scheduler = session.schedulerState();
    if (scheduler === undefined) throw new Error('no scheduler state');
    const record = createSavedStudy({ name: 'pbt', setup, study: session.toJSON(), status: 'finished', now: 1, scheduler });
    await store.put(record);
    const stored = await store.get(record.id);
    if (stored === null) throw new Error('missing');
    // As the page reopens it: a resumed session with the record's scheduler state and no events of its own.
    const reopened = StudySession.resumed(stored.setup, (sampler, clock) => resumeStudy(stored, { sampler, clock }), simulatedSessionDeps(), 0, stored.scheduler);
    expect(reopened.events).toEqual([]);
    const lineage = studyLineage(savedLineage(reopened.schedulerState()), null);
    expect(lineage).toEqual(byChild(recorded));
    const layout = lineageLayout(reopened.trials, lineage ?? []);
    expect(layout.nodes.filter((n) => n.parentId !== null)).toHaveLength(recorded.length);
    store.close();
  });

  it('an old record (no scheduler state) knows no lineage', () => {
    const record = createSavedStudy({ name: 'old', setup: pbtSetup(), study: StudySession.fresh(pbtSetup(), simulatedSessionDeps()).toJSON(), status: 'finished', now: 1 });
    const reopened = StudySession.resumed(record.setup, (sampler, clock) => resumeStudy(record, { sampler, clock }), simulatedSessionDeps(), 0, record.scheduler);
    expect(studyLineage(savedLineage(reopened.schedulerState()), null)).toBeNull();
  });
});
