import { describe, expect, it } from 'vitest';
import { timelineFromEvents } from '../../../src/ui/analysis/timeline';
import { lineageLayout } from '../../../src/ui/analysis/lineage';
import { RaceState } from '../../../src/ui/race/race.svelte';
import { ScheduledRaceRun } from '../../../src/ui/race/race-scheduled';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { TASKS } from '../../../src/ui/setup/tasks';
import { instantYield, simulatedSessionDeps } from './fakes';

const mlp = (scheduler: SetupConfig['scheduler'], changes: Partial<SetupConfig> = {}): SetupConfig =>
  validateSetup({ ...defaultSetup('synthetic-mlp'), strategy: 'random', workers: 3, budget: { trials: 18, minutes: null, epochs: 9 }, scheduler, ...changes });

describe('StudySession with a scheduler', () => {
  it('drives ASHA: trials pause and resume, lanes and the timeline show it, every trial ends', async () => {
    const session = StudySession.fresh(mlp({ name: 'asha', options: { reductionFactor: 3, minEpochs: 1 } }), simulatedSessionDeps());
    let pausedSeen = 0;
    session.onChange(() => (pausedSeen = Math.max(pausedSeen, session.pausedTrials.length)));
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished' });
    expect(session.trials).toHaveLength(18);
    expect(session.trials.every((t) => t.state !== 'running')).toBe(true);
    expect(session.finishedCount).toBe(18);
    expect(pausedSeen).toBeGreaterThan(0);
    expect(session.pausedTrials).toEqual([]);
    const types = new Set(session.events.map((e) => e.type));
    expect(types.has('trial-paused')).toBe(true);
    expect(types.has('trial-resumed')).toBe(true);
    const progress = session.events.filter((e) => e.type === 'trial-progress').length;
    expect(session.epochsTrained).toBe(progress);
    expect(progress).toBeLessThan(18 * 9);
    const timeline = timelineFromEvents(session.events);
    expect(timeline.bars.some((b) => b.outcome === 'paused')).toBe(true);
    expect(timeline.bars.some((b) => b.resumed && b.fromEpoch > 0)).toBe(true);
    expect(session.lanes.reduce((n, l) => n + l.pauses, 0)).toBe(session.events.filter((e) => e.type === 'trial-paused').length);
  });

  it('drives PBT: children start from parents’ checkpoints and form a lineage tree', async () => {
    const setup = mlp({ name: 'pbt', options: { populationSize: 4, readyEvery: 2, hyperparameters: ['learningRate', 'dropout'] } }, { workers: 4, budget: { trials: 14, minutes: null, epochs: 8 } });
    const session = StudySession.fresh(setup, simulatedSessionDeps());
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished' });
    const timeline = timelineFromEvents(session.events);
    expect(timeline.lineage.length).toBeGreaterThan(0);
    for (const edge of timeline.lineage) {
      expect(edge.changed.every((c) => c === 'learningRate' || c === 'dropout')).toBe(true);
      const child = session.trials[edge.childId];
      const parent = session.trials[edge.parentId];
      expect(child?.params.units).toBe(parent?.params.units);
    }
    expect(timeline.bars.some((b) => b.clonedFrom !== null)).toBe(true);
    const layout = lineageLayout(session.trials, timeline.lineage);
    expect(layout.nodes).toHaveLength(session.trials.length);
    const rowOf = new Map(layout.nodes.map((n) => [n.trialId, n.row]));
    for (const n of layout.nodes) if (n.parentId !== null) expect(rowOf.get(n.parentId) as number).toBeLessThan(n.row);
    expect(layout.bestId).not.toBeNull();
    expect(layout.nodes.find((n) => n.trialId === layout.bestId)?.onBest).toBe(true);
  });

  it('refuses pause/resume schedulers on a backend without checkpoints, and says why', async () => {
    const deps = simulatedSessionDeps();
    const session = StudySession.fresh(mlp({ name: 'asha', options: {} }), {
      ...deps,
      backend: async (s, o) => {
        const b = await deps.backend(s, o);
        return { ...b, factory: { kind: 'worker:test', create: b.factory.create } };
      },
    });
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'error' });
    expect(session.phase.kind === 'error' && session.phase.message).toMatch(/ASHA pauses and resumes trials from checkpoints.*FIFO or median/);
  });
});

describe('scheduled race entries', () => {
  it('ASHA + random spends the same compute as a plain entry, on more trials', async () => {
    const task = TASKS['synthetic-mlp'];
    if (task.kind !== 'synthetic') throw new Error('synthetic task expected');
    const racer = new ScheduledRaceRun({
      entry: 'asha-random',
      objective: task.objective,
      space: task.defaultSpace,
      structural: ['units'],
      repeat: 0,
      seed: 3,
      epochsPerTrial: 9,
      computeEpochs: 8 * 9,
      cancelled: () => false,
    });
    const run = await racer.run();
    // Snapshots are taken as often as the page redraws: an unchanged run is the same object.
    expect(racer.snapshot()).toBe(run);
    expect(run.curves.byEpochs.at(-1)?.x).toBeLessThanOrEqual(72 + 1);
    expect(run.trials.length).toBeGreaterThan(8);
    const spent = Math.max(...run.epochs.filter((e) => Number.isFinite(e)));
    expect(spent).toBeGreaterThanOrEqual(72);
    expect(spent).toBeLessThanOrEqual(72 + 1);
    expect(run.trials.some((t) => t.state === 'complete')).toBe(true);
  });

  it('a race of ASHA + random against random completes, with curves against epochs of compute', async () => {
    const race = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield });
    race.task = 'synthetic-mlp';
    race.strategies = ['random', 'asha-random'];
    race.budget = 6;
    race.repeats = 2;
    await race.run();
    expect(race.phase).toMatchObject({ kind: 'done', message: 'Race finished.' });
    expect(race.runs.filter((r) => r.strategy === 'asha-random')).toHaveLength(2);
    expect(race.scheduled).toBe(true);
    for (const c of race.curves) {
      expect(c.byEpochs.length).toBeGreaterThan(0);
      expect(c.final).not.toBeNull();
    }
    const random = race.runs.find((r) => r.strategy === 'random');
    expect(random?.epochs).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('a PBT entry on the MLP keeps each trial’s width (units is structural there)', async () => {
    const race = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield });
    race.task = 'synthetic-mlp';
    race.strategies = ['pbt'];
    race.budget = 8;
    race.repeats = 1;
    await race.run();
    expect(race.phase).toMatchObject({ kind: 'done', message: 'Race finished.' });
    const trials = race.runs[0]?.trials ?? [];
    // The race's PBT population is its trials per entry (8): those are the roots.
    expect(trials.length).toBeGreaterThanOrEqual(8);
    const rootUnits = new Set(trials.slice(0, 8).map((t) => t.params.units));
    expect(trials.every((t) => rootUnits.has(t.params.units))).toBe(true);
  });
});
