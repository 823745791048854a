import { describe, expect, it } from 'vitest';
import { createStudy, loadStudy, SamplerExhaustedError, type Params } from '../../../src/tuner';
import { GridSampler, gridAxes, MAX_GRID_POINTS } from '../../../src/tuner/samplers/grid';
import { validateSpace } from '../../../src/tuner/space';

const mixed = {
  lr: { type: 'float', low: 0, high: 3 },
  units: { type: 'int', low: 1, high: 3 },
  act: { type: 'categorical', choices: ['relu', 'tanh'] },
} as const;

function askAll(study: ReturnType<typeof createStudy>): Params[] {
  const out: Params[] = [];
  for (;;) {
    const r = study.tryAsk();
    if (r.kind === 'exhausted') return out;
    out.push(r.params);
    study.tell(r.id, 0);
  }
}

describe('gridAxes', () => {
  it('spaces floats evenly with both ends, every int when few, every choice', () => {
    const grid = gridAxes(validateSpace(mixed), 4);
    expect(grid.names).toEqual(['lr', 'units', 'act']);
    expect(grid.axes).toEqual([[0, 1, 2, 3], [1, 2, 3], ['relu', 'tanh']]);
    expect(grid.size).toBe(24);
  });

  it('spaces log floats evenly in log space', () => {
    const grid = gridAxes(validateSpace({ lr: { type: 'float', low: 1e-4, high: 1, log: true } }), 5);
    const axis = grid.axes[0] as number[];
    expect(axis[0]).toBe(1e-4);
    expect(axis[4]).toBe(1);
    [1e-3, 1e-2, 1e-1].forEach((v, i) => expect(axis[i + 1]).toBeCloseTo(v, 12));
  });

  it('takes `resolution` evenly spaced allowed ints when there are more, on the step grid', () => {
    const wide = gridAxes(validateSpace({ n: { type: 'int', low: 0, high: 100, step: 10 } }), 3);
    expect(wide.axes[0]).toEqual([0, 50, 100]);
    const odd = gridAxes(validateSpace({ n: { type: 'int', low: 0, high: 90, step: 10 } }), 4);
    expect(odd.axes[0]).toEqual([0, 30, 60, 90]);
    const few = gridAxes(validateSpace({ n: { type: 'int', low: 2, high: 8, step: 2 } }), 5);
    expect(few.axes[0]).toEqual([2, 4, 6, 8]);
  });

  it('log-spaces ints without repeats', () => {
    const grid = gridAxes(validateSpace({ n: { type: 'int', low: 1, high: 1024, log: true } }), 11);
    expect(grid.axes[0]).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    const crowded = gridAxes(validateSpace({ n: { type: 'int', low: 1, high: 8, log: true } }), 7);
    const axis = crowded.axes[0] as number[];
    expect(new Set(axis).size).toBe(axis.length);
    expect(axis[0]).toBe(1);
    expect(axis[axis.length - 1]).toBe(8);
  });

  it('refuses a bad resolution', () => {
    expect(() => gridAxes(validateSpace(mixed), 1)).toThrow(/resolution/);
    expect(gridAxes(validateSpace(mixed), 3).axes[1]).toEqual([1, 2, 3]);
  });
});

describe('GridSampler', () => {
  it('yields every point of a 4 × 3 × 2 grid exactly once, in product order, then is exhausted', () => {
    const study = createStudy({ space: mixed, sampler: 'grid', samplerOptions: { resolution: 4 } });
    const points = askAll(study);
    expect(points).toHaveLength(24);
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(24);
    expect(points[0]).toEqual({ lr: 0, units: 1, act: 'relu' });
    expect(points[1]).toEqual({ lr: 0, units: 1, act: 'tanh' });
    expect(points[2]).toEqual({ lr: 0, units: 2, act: 'relu' });
    expect(points[6]).toEqual({ lr: 1, units: 1, act: 'relu' });
    expect(points[23]).toEqual({ lr: 3, units: 3, act: 'tanh' });
    const r = study.tryAsk();
    expect(r).toEqual({ kind: 'exhausted', reason: 'grid exhausted: all 24 points of the 4 × 3 × 2 grid have been asked' });
    expect(() => study.ask()).toThrow(SamplerExhaustedError);
  });

  it('names a 5 × 5 grid in its exhaustion message', () => {
    const space = { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } };
    const study = createStudy({ space, sampler: 'grid' });
    expect(askAll(study)).toHaveLength(25);
    expect(() => study.ask()).toThrow('grid exhausted: all 25 points of the 5 × 5 grid have been asked');
  });

  it('counts running, failed and manually asked trials as asked', () => {
    const study = createStudy({ space: { c: { type: 'categorical', choices: [1, 2, 3] } }, sampler: 'grid' });
    study.ask({ c: 2 });
    const a = study.ask();
    study.tell(a.id, Number.NaN);
    const b = study.ask();
    expect([a.params.c, b.params.c]).toEqual([1, 3]);
    expect(study.tryAsk().kind).toBe('exhausted');
  });

  it('shuffle gives a seeded permutation of the grid', () => {
    const ordered = askAll(createStudy({ space: mixed, sampler: 'grid', samplerOptions: { resolution: 4 } }));
    const run = (seed: number) => askAll(createStudy({ space: mixed, sampler: 'grid', samplerOptions: { resolution: 4, shuffle: true }, seed }));
    const shuffled = run(4);
    const key = (ps: Params[]) => ps.map((p) => JSON.stringify(p));
    expect([...key(shuffled)].sort()).toEqual([...key(ordered)].sort());
    expect(key(shuffled)).not.toEqual(key(ordered));
    expect(run(4)).toEqual(shuffled);
    expect(key(run(5))).not.toEqual(key(shuffled));
  });

  it('continues exactly after a JSON round trip', () => {
    const study = createStudy({ space: mixed, sampler: 'grid', samplerOptions: { resolution: 4, shuffle: true }, seed: 9 });
    for (let i = 0; i < 7; i++) study.ask();
    const restored = loadStudy(JSON.stringify(study.toJSON()));
    for (let i = 0; i < 10; i++) expect(restored.ask()).toEqual(study.ask());
  });

  it('refuses grids over a million points, naming the size', () => {
    const space = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`p${i}`, { type: 'float', low: 0, high: 1 }]));
    const study = createStudy({ space, sampler: 'grid' });
    expect(5 ** 9).toBeGreaterThan(MAX_GRID_POINTS);
    expect(() => study.ask()).toThrow(/1953125 points/);
  });

  it('validates its options, naming the bad one', () => {
    expect(new GridSampler().options).toEqual({ resolution: 5, shuffle: false });
    expect(() => new GridSampler({ resolution: 1 })).toThrow(/"resolution"/);
    expect(() => new GridSampler({ resolution: 2.5 })).toThrow(/"resolution"/);
    expect(() => new GridSampler({ shuffle: 'yes' })).toThrow(/"shuffle"/);
    expect(() => new GridSampler({ resolutoin: 3 })).toThrow(/unknown option "resolutoin"/);
  });
});
