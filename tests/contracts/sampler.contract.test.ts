/**
 * The sampler contract: every built-in sampler, driven through `createStudy`, must satisfy these.
 * Work per sampler is kept small (≤ 25 trials in anything that tells) because the GP sampler refits
 * its model on every ask.
 */
import { describe, expect, it } from 'vitest';
import {
  createStudy,
  loadStudy,
  SAMPLER_NAMES,
  validateParams,
  validateSpace,
  type Direction,
  type Params,
  type SamplerName,
  type Study,
} from '../../src/tuner';

const CONTINUOUS = {
  x: { type: 'float', low: 0, high: 1 },
  y: { type: 'float', low: -2, high: 3 },
} as const;

const CHOICES = ['relu', 'tanh', 0.5, 7, true, false] as const;

const MIXED = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  width: { type: 'int', low: 2, high: 20, step: 2 },
  batch: { type: 'int', low: 1, high: 256, log: true },
  act: { type: 'categorical', choices: CHOICES },
} as const;

/** Samplers whose untold asks are (quasi-)uniform in the encoding, so distribution shape is meaningful. */
const RANDOM_LIKE: ReadonlySet<SamplerName> = new Set(['random', 'sobol', 'evolution']);

function mixedObjective(p: Params): number {
  const lr = Math.log10(p.lr as number) + 3;
  const width = ((p.width as number) - 10) / 10;
  const batch = (Math.log2(p.batch as number) - 4) / 4;
  return lr * lr + width * width + batch * batch + (p.act === 'tanh' ? 0 : 0.5);
}

function continuousObjective(p: Params): number {
  return ((p.x as number) - 0.3) ** 2 + ((p.y as number) - 1) ** 2;
}

function ask(study: Study): { id: number; params: Params } {
  const r = study.tryAsk();
  if (r.kind === 'exhausted') throw new Error(`unexpectedly exhausted: ${r.reason}`);
  return r;
}

/** Runs n trials; every fifth is told NaN, every seventh fails, every eleventh is pruned. */
function drive(study: Study, n: number, objective: (p: Params) => number, sign = 1): Params[] {
  const asked: Params[] = [];
  for (let i = 0; i < n; i++) {
    const { id, params } = ask(study);
    asked.push(params);
    if (i % 5 === 4) study.tell(id, Number.NaN);
    else if (i % 7 === 6) study.tell(id, { state: 'failed', reason: 'crashed' });
    else if (i % 11 === 10) study.tell(id, { state: 'pruned' });
    else study.tell(id, sign * objective(params));
  }
  return asked;
}

function expectInMixedSpace(params: Params): void {
  expect(() => validateParams(validateSpace(MIXED), params)).not.toThrow();
  const { lr, width, batch, act } = params as { lr: number; width: number; batch: number; act: unknown };
  expect(lr).toBeGreaterThanOrEqual(1e-5);
  expect(lr).toBeLessThanOrEqual(1e-1);
  expect(Number.isInteger(width) && width % 2 === 0 && width >= 2 && width <= 20).toBe(true);
  expect(Number.isInteger(batch) && batch >= 1 && batch <= 256).toBe(true);
  expect(CHOICES).toContain(act);
}

const fractionBelow = (values: number[], threshold: number) => values.filter((v) => v < threshold).length / values.length;

/** Built-in samplers with default options, then non-default options that change how a sampler searches. */
const CONFIGURATIONS: readonly { label: string; name: SamplerName; options: Record<string, unknown> }[] = [
  ...SAMPLER_NAMES.map((name) => ({ label: name, name, options: {} })),
  { label: 'gp { incumbentSearches: 0, trustRegion: false }', name: 'gp', options: { incumbentSearches: 0, trustRegion: false } },
  { label: "gp { lengthscalePrior: 'dimensionScaled' }", name: 'gp', options: { lengthscalePrior: 'dimensionScaled' } },
  { label: "gp { outputWarping: 'power' }", name: 'gp', options: { outputWarping: 'power' } },
  { label: "gp { outputWarping: 'none' }", name: 'gp', options: { outputWarping: 'none' } },
  { label: "gp { pendingStrategy: 'fantasies' }", name: 'gp', options: { pendingStrategy: 'fantasies' } },
  { label: "gp { pendingStrategy: 'penalise' }", name: 'gp', options: { pendingStrategy: 'penalise' } },
];

describe.each(CONFIGURATIONS)('sampler contract: $label', ({ name, options: samplerOptions }) => {
  it('keeps params in the space: ints on their step grid, log values in range, choices of every type', () => {
    const study = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 1 });
    for (const params of drive(study, 20, mixedObjective)) expectInMixedSpace(params);
  });

  it('spreads log-scale parameters evenly in log space', () => {
    const study = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 2 });
    if (RANDOM_LIKE.has(name)) {
      // 200 untold asks: about half the values fall below the geometric mean of the bounds.
      const asked = Array.from({ length: 200 }, () => ask(study).params);
      asked.forEach(expectInMixedSpace);
      const lrBelow = fractionBelow(asked.map((p) => p.lr as number), Math.sqrt(1e-5 * 1e-1));
      expect(lrBelow).toBeGreaterThan(0.38);
      expect(lrBelow).toBeLessThan(0.62);
      // batch ∈ {1 … 256} on a log scale: P(batch < 16) = ln(31) / ln(513) ≈ 0.55.
      const batchBelow = fractionBelow(asked.map((p) => p.batch as number), 16);
      expect(batchBelow).toBeGreaterThan(0.42);
      expect(batchBelow).toBeLessThan(0.68);
      expect(new Set(asked.map((p) => p.act)).size).toBe(CHOICES.length);
    } else if (name === 'grid') {
      // The grid's values of a log parameter are evenly spaced in log space: 1e-5, 1e-4, …, 1e-1.
      const lrOnly = createStudy({ space: { lr: MIXED.lr }, sampler: name, samplerOptions });
      const lrs = drive(lrOnly, 5, () => 0).map((p) => p.lr as number);
      expect(lrs[0]).toBe(1e-5);
      expect(lrs[4]).toBe(1e-1);
      for (let i = 1; i < lrs.length; i++) expect((lrs[i] as number) / (lrs[i - 1] as number)).toBeCloseTo(10, 6);
    } else {
      for (const params of drive(study, 12, mixedObjective)) expectInMixedSpace(params);
    }
  });

  it('gives the same suggestions through a cooperative ask (pausing at every slice) as through ask()', async () => {
    const sync = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 9 });
    const coop = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 9 });
    const options = { budget: { kind: 'work', ops: 0 } as const, yieldToPage: () => Promise.resolve() };
    for (let i = 0; i < 14; i++) {
      const a = sync.tryAsk();
      const b = await coop.tryAskAsync(undefined, options);
      expect(b).toEqual(a);
      if (a.kind !== 'trial' || b.kind !== 'trial') break;
      if (i % 3 !== 1) {
        sync.tell(a.id, mixedObjective(a.params));
        coop.tell(b.id, mixedObjective(b.params));
      }
    }
    expect(coop.toJSON().sampler).toEqual(sync.toJSON().sampler);
  });

  it('handles several pending asks, returning distinct params', () => {
    const fresh = createStudy({ space: CONTINUOUS, sampler: name, samplerOptions, seed: 3 });
    const first = Array.from({ length: 6 }, () => ask(fresh).params);
    expect(new Set(first.map((p) => JSON.stringify(p))).size).toBe(6);

    const study = createStudy({ space: CONTINUOUS, sampler: name, samplerOptions, seed: 4 });
    drive(study, 8, continuousObjective);
    const pending = Array.from({ length: 6 }, () => ask(study).params);
    const keys = new Set([...study.trials.slice(0, 8).map((t) => t.params), ...pending].map((p) => JSON.stringify(p)));
    expect(keys.size).toBe(14);
    expect(study.trials.filter((t) => t.state === 'running')).toHaveLength(6);
  });

  it('handles 0 and 1 observations, and histories with only failures', () => {
    const study = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 5 });
    const a = ask(study);
    expectInMixedSpace(a.params);
    study.tell(a.id, mixedObjective(a.params));
    expectInMixedSpace(ask(study).params);

    const failing = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 6 });
    for (let i = 0; i < 4; i++) {
      const { id } = ask(failing);
      if (i % 2 === 0) failing.tell(id, Number.NaN);
      else failing.tell(id, { state: 'failed', reason: 'out of memory' });
    }
    expectInMixedSpace(ask(failing).params);
    expect(failing.best).toBeNull();
  });

  it('keeps working after failed, NaN, ∞ and pruned trials', () => {
    const study = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 7 });
    drive(study, 16, mixedObjective);
    const { id } = ask(study);
    study.tell(id, Infinity);
    expect(study.trials[id]!.state).toBe('failed');
    for (let i = 0; i < 3; i++) expectInMixedSpace(ask(study).params);
  });

  it('gives the same sequence for the same seed', () => {
    const run = (seed: number) => drive(createStudy({ space: MIXED, sampler: name, samplerOptions, seed }), 15, mixedObjective);
    expect(run(8)).toEqual(run(8));
  });

  it('continues identically after a JSON round trip mid-study', () => {
    const study = createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 9 });
    drive(study, 12, mixedObjective);
    const pending = ask(study);
    const restored = loadStudy(JSON.stringify(study.toJSON()));
    expect(restored.toJSON()).toEqual(study.toJSON());
    for (const s of [study, restored]) s.tell(pending.id, mixedObjective(pending.params));
    const next = (s: Study) => drive(s, 5, mixedObjective);
    expect(next(restored)).toEqual(next(study));
  });

  it.each(['minimize', 'maximize'] as Direction[])('works when asked to %s', (direction) => {
    const sign = direction === 'minimize' ? 1 : -1;
    const study = createStudy({ space: CONTINUOUS, sampler: name, samplerOptions, seed: 10, direction });
    const asked = drive(study, 15, continuousObjective, sign);
    for (const p of asked) expect(() => validateParams(validateSpace(CONTINUOUS), p)).not.toThrow();
    const values = study.trials.filter((t) => t.state === 'complete').map((t) => t.value as number);
    expect(study.best?.value).toBe(sign > 0 ? Math.min(...values) : Math.max(...values));
  });

  it('treats maximizing −f exactly as minimizing f', () => {
    const run = (direction: Direction) =>
      drive(createStudy({ space: MIXED, sampler: name, samplerOptions, seed: 11, direction }), 14, mixedObjective, direction === 'minimize' ? 1 : -1);
    expect(run('maximize')).toEqual(run('minimize'));
  });
});
