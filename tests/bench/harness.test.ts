import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../bench/tuner/cli';
import { checkpointsFor, failedCell } from '../../bench/tuner/summary';
import { quantile, spreadOf } from '../../bench/tuner/stats';
import { curvesSvg } from '../../bench/tuner/curves-svg';
import { BENCH_FUNCTIONS } from '../../bench/tuner/functions';

describe('stats', () => {
  it('quantile interpolates linearly between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([], 0.5)).toBeNaN();
    expect(spreadOf([5])).toEqual({ median: 5, q1: 5, q3: 5 });
  });
});

describe('checkpoints', () => {
  it('are 20, 40, 60 up to E, plus E', () => {
    expect(checkpointsFor(60)).toEqual([20, 40, 60]);
    expect(checkpointsFor(30)).toEqual([20, 30]);
    expect(checkpointsFor(100)).toEqual([20, 40, 60, 100]);
    expect(checkpointsFor(10)).toEqual([10]);
  });
});

describe('parseArgs', () => {
  it('defaults to every sampler and function, 10 seeds, 60 evals, timings at 60 and 300', () => {
    const s = parseArgs([]);
    if (s === 'help') throw new Error('unexpected help');
    expect([s.seeds, s.evals, s.outDir]).toEqual([10, 60, 'docs/bench']);
    expect(s.samplers).toEqual(['grid', 'random', 'sobol', 'evolution', 'gp']);
    expect(s.functions).toHaveLength(BENCH_FUNCTIONS.length);
    expect(s.timingObservations).toEqual([60, 300]);
  });

  it('reads --quick, --seeds, --evals, --samplers, --functions and --out', () => {
    const s = parseArgs(['--quick', '--seeds', '4', '--evals=25', '--samplers', 'gp,random', '--functions', 'mixed', '--out', 'x']);
    if (s === 'help') throw new Error('unexpected help');
    expect([s.seeds, s.evals, s.outDir, s.quick]).toEqual([4, 25, 'x', true]);
    expect(s.samplers).toEqual(['random', 'gp']);
    expect(s.functions.map((f) => f.name)).toEqual(['mixed']);
    expect(s.timingObservations).toEqual([60]);
  });

  it('gives each group of the peer comparison its budget, and all peers by default', () => {
    const full = parseArgs([]);
    const quick = parseArgs(['--quick']);
    const fixed = parseArgs(['--evals', '12', '--seeds', '2', '--peers', 'none']);
    if (full === 'help' || quick === 'help' || fixed === 'help') throw new Error('unexpected help');
    const budget = (s: typeof full, name: string): string => {
      const c = s.cases.find((x) => x.fn.name === name);
      return c === undefined ? 'missing' : `${c.evals}×${c.seeds}`;
    };
    expect(['branin', 'hartmann6-in-10d', 'branin-in-20d', 'heavy-rosenbrock4'].map((n) => budget(full, n))).toEqual(['60×10', '100×10', '100×10', '60×10']);
    for (const c of full.cases.filter((x) => x.group === 'table')) expect(`${c.evals}×${c.seeds}`).toBe('50×20');
    expect(full.cases.filter((x) => x.group === 'table').length).toBeGreaterThanOrEqual(3);
    expect(budget(quick, 'hartmann6-in-10d')).toBe('50×3');
    expect(fixed.cases.every((c) => c.evals === 12 && c.seeds === 2)).toBe(true);
    expect(full.peers).toEqual(['tpe', 'tpe-multivariate', 'tpe-constant-liar', 'cmaes', 'random']);
    expect(fixed.peers).toEqual([]);
  });

  it('--functions picks cases of every group; --peers picks Optuna samplers', () => {
    const s = parseArgs(['--functions', 'branin-in-20d,branin', '--peers', 'random,tpe']);
    if (s === 'help') throw new Error('unexpected help');
    expect(s.cases.map((c) => c.fn.name)).toEqual(['branin', 'branin-in-20d']);
    expect(s.functions.map((f) => f.name)).toEqual(['branin']);
    expect(s.peers).toEqual(['tpe', 'random']);
    expect(() => parseArgs(['--peers', 'smac'])).toThrow(/unknown name "smac"/);
  });

  it('rejects unknown flags, names and bad numbers', () => {
    expect(() => parseArgs(['--nope'])).toThrow(UsageError);
    expect(() => parseArgs(['--samplers', 'tpe'])).toThrow(/unknown name "tpe"/);
    expect(() => parseArgs(['--seeds', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['--evals'])).toThrow(/needs a value/);
  });
});

describe('curvesSvg', () => {
  it('draws one panel per function and a legend entry per sampler', () => {
    const curve = [
      { median: 1, q1: 0.5, q3: 2 },
      { median: 0, q1: 0, q3: 0.1 },
    ];
    const cells = BENCH_FUNCTIONS.slice(0, 2).flatMap((fn) =>
      (['random', 'gp'] as const).map((sampler) => ({ sampler, fn: fn.name, curve, meanAskMs: 0, exhaustedRuns: 0, fewestEvals: null, error: null })),
    );
    const svg = curvesSvg({ fns: BENCH_FUNCTIONS.slice(0, 2), samplers: ['random', 'gp'], cells, evals: 2, seeds: 3 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).not.toContain('NaN');
  });

  it('leaves out a cell whose sampler failed', () => {
    const fn = BENCH_FUNCTIONS[0]!;
    const ok = { sampler: 'random' as const, fn: fn.name, curve: [{ median: 1, q1: 1, q3: 1 }], meanAskMs: 0, exhaustedRuns: 0, fewestEvals: null, error: null };
    const svg = curvesSvg({ fns: [fn], samplers: ['random', 'gp'], cells: [ok, failedCell('gp', fn.name, 1, 'boom')], evals: 1, seeds: 1 });
    expect(svg.match(/<polyline/g)).toHaveLength(1);
    expect(svg).not.toContain('NaN');
  });
});
