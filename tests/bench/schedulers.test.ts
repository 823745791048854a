import { describe, expect, it } from 'vitest';
import { parseSchedulerArgs } from '../../bench/schedulers/main';
import { checkTargets, finalTable, medianInf, pbtTable, quantileInf, reachTable, targetsTable } from '../../bench/schedulers/report';
import { pbtExperiment, reachExperiment, REACH_TASK, type ReachRow } from '../../bench/schedulers/experiments';
import { reachOf, runScheduler } from '../../bench/schedulers/run';
import { renderMarkdown, renderText } from '../../bench/tuner/table';

const quiet = () => {};

describe('bench:schedulers arguments', () => {
  it('defaults to 20 seeds and docs/bench; --quick means 5', () => {
    expect(parseSchedulerArgs([])).toEqual({ seeds: 20, outDir: 'docs/bench', quick: false });
    expect(parseSchedulerArgs(['--quick', '--out=x'])).toEqual({ seeds: 5, outDir: 'x', quick: true });
    expect(parseSchedulerArgs(['--seeds', '3'])).toMatchObject({ seeds: 3 });
    expect(parseSchedulerArgs(['--help'])).toBe('help');
    expect(() => parseSchedulerArgs(['--seeds', '0'])).toThrow(/positive integer/);
    expect(() => parseSchedulerArgs(['--nope'])).toThrow(/unknown flag/);
  });
});

describe('quantiles with never-reached (∞) values', () => {
  it('takes order statistics and never interpolates into ∞', () => {
    expect(medianInf([3, 1, 2])).toBe(2);
    expect(medianInf([1, 2, 3, 4])).toBe(2.5);
    expect(medianInf([1, 2, Infinity, Infinity])).toBe(Infinity);
    expect(medianInf([1, Infinity, Infinity])).toBe(Infinity);
    expect(quantileInf([1, 2, 3, Infinity, Infinity], 0.25)).toBe(2);
    expect(medianInf([])).toBeNaN();
  });
});

describe('scheduler runs on the simulated backend', () => {
  it('are deterministic by seed and trace the incumbent as it improves', async () => {
    const spec = { label: 'ASHA', scheduler: 'asha', schedulerOptions: {}, sampler: 'random' } as const;
    const task = { ...REACH_TASK, budgetSeconds: 120 };
    const a = await runScheduler(spec, task, 1);
    const b = await runScheduler(spec, task, 1);
    expect(a).toEqual(b);
    expect(a.finish).toBe('time-budget');
    const bests = a.improvements.map((p) => p.best);
    expect(bests).toEqual([...bests].sort((x, y) => y - x));
    expect(a.improvements.at(-1)?.best).toBe(a.best);
    expect(reachOf(a, a.best)?.epochs).toBeLessThanOrEqual(a.epochs);
    expect(reachOf(a, a.best - 1)).toBeNull();
  });

  it('the experiments give one figure per seed and render into tables with PASS/MISS targets', async () => {
    const reach = await reachExperiment(1, quiet);
    const pbt = await pbtExperiment(1, quiet);
    expect(reach.map((r) => r.label)).toEqual(['FIFO (random)', 'ASHA (random)', 'Hyperband (random)', 'BOHB']);
    expect(reach.every((r) => r.finalBest.length === 1 && r.epochs.length === 1)).toBe(true);
    // FIFO reaches its own final best by definition.
    expect(Number.isFinite(reach[0]?.epochs[0] as number)).toBe(true);
    expect(pbt).toHaveLength(1);
    const tables = [reachTable(reach, 1), finalTable(reach), pbtTable(pbt, 0.0142)];
    for (const t of tables) {
      expect(renderText(t)).toContain(t.title);
      expect(renderMarkdown(t)).toContain('|');
    }
    const targets = targetsTable(checkTargets(reach, pbt, 0.0142));
    expect(targets.rows.map((r) => r[1])).toSatisfy((cells: string[]) => cells.every((c) => c === 'PASS' || c === 'MISS'));
  });

  it('targets pass and miss on the figures they name', () => {
    const row = (label: string, ws: number, best: number): ReachRow => ({ label, epochs: [ws], workerSeconds: [ws], noiseFreeEpochs: [ws], finalBest: [best], trials: [1] });
    const rows = [row('FIFO (random)', 900, 0.3), row('ASHA (random)', 300, 0.25), row('Hyperband (random)', 400, 0.26), row('BOHB', 350, 0.2)];
    const pbt = [{ seed: 0, pbtBest: 0.01, pbtEpochs: 400, pbtTrials: 20, randomBest: 0.02 }];
    expect(checkTargets(rows, pbt, 0.014).map((t) => t.pass)).toEqual([true, true, true, true]);
    const slow = [row('FIFO (random)', 900, 0.3), row('ASHA (random)', Infinity, 0.25), rows[2] as ReachRow, row('BOHB', 350, 0.3)];
    expect(checkTargets(slow, pbt, 0.005).map((t) => t.pass)).toEqual([false, false, true, false]);
  });
});
