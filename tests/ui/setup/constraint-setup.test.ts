import { describe, expect, it } from 'vitest';
import { constraintFn, constraintNames, describeConstraint } from '../../../src/ui/setup/constraint-setup';
import { defaultSetup, validateSetup } from '../../../src/ui/setup/setup-config';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from '../state/fakes';

describe('constraints in a setup', () => {
  it('a setup without constraints stays as it was (absent = none)', () => {
    const setup = validateSetup(defaultSetup());
    expect(setup.constraints).toBeUndefined();
    expect(validateSetup({ ...defaultSetup(), constraints: [] }).constraints).toBeUndefined();
    expect(validateSetup({ ...defaultSetup(), constraints: null }).constraints).toBeUndefined();
  });

  it('Branin takes "x1 + x2 ≤ N", computed from the params', () => {
    const setup = validateSetup({ ...defaultSetup('branin'), constraints: [{ kind: 'param-sum', max: 8 }] });
    expect(setup.constraints).toEqual([{ kind: 'param-sum', max: 8 }]);
    expect(describeConstraint(setup.constraints![0]!, setup.space)).toBe('x1 + x2 ≤ 8');
    expect(constraintNames(setup.constraints!)).toEqual(['paramSum']);
    const fn = constraintFn(setup.constraints!, setup.space)!;
    expect(fn({ x1: 3, x2: 2 }, {})).toEqual({ paramSum: -3 });
    expect(fn({ x1: 9, x2: 2 }, {})).toEqual({ paramSum: 3 });
  });

  it('CNN tasks take "parameters ≤ N", read from the paramCount metric', () => {
    const setup = validateSetup({ ...defaultSetup('mnist-cnn'), constraints: [{ kind: 'param-count', max: 50_000 }] });
    expect(describeConstraint(setup.constraints![0]!, setup.space)).toBe('parameters ≤ 50000');
    const fn = constraintFn(setup.constraints!, setup.space)!;
    expect(fn({}, { valLoss: 0.3, paramCount: 61_000 })).toEqual({ paramCount: 11_000 });
    expect(() => fn({}, { valLoss: 0.3 })).toThrow(/no paramCount/);
  });

  it('refuses malformed constraints with the field and the reason', () => {
    const refuse = (constraints: unknown, task: 'branin' | 'mnist-cnn' = 'branin') => () => validateSetup({ ...defaultSetup(task), constraints });
    expect(refuse({ kind: 'param-sum', max: 1 })).toThrow(/setup: constraints: must be an array/);
    expect(refuse([{ kind: 'latency', max: 1 }])).toThrow(/\[0\]\.kind must be "param-count" or "param-sum", got "latency"/);
    expect(refuse([{ kind: 'param-count', max: 1000 }])).toThrow(/"param-count" does not apply to Synthetic: Branin.*offers "param-sum"/);
    expect(refuse([{ kind: 'param-sum', max: 1 }], 'mnist-cnn')).toThrow(/"param-sum" does not apply/);
    expect(refuse([{ kind: 'param-sum', max: Number.NaN }])).toThrow(/\[0\]\.max must be a finite number, got NaN/);
    expect(refuse([{ kind: 'param-count', max: 10.5 }], 'mnist-cnn')).toThrow(/whole number of parameters ≥ 1, got 10\.5/);
    expect(refuse([{ kind: 'param-sum', max: 1 }, { kind: 'param-sum', max: 2 }])).toThrow(/\[1\]: "param-sum" is given twice/);
  });

  it('costAware is a boolean option of the Bayesian strategy only', () => {
    expect(validateSetup({ ...defaultSetup(), samplerOptions: { costAware: true } }).samplerOptions).toEqual({ costAware: true });
    expect(() => validateSetup({ ...defaultSetup(), samplerOptions: { costAware: 'yes' } })).toThrow(/samplerOptions\.costAware/);
    expect(() => validateSetup({ ...defaultSetup(), strategy: 'random', samplerOptions: { costAware: true } })).toThrow(/Bayesian \(gp\) strategy.*random/);
  });
});

describe('SetupEditor: constraint and cost-aware fields', () => {
  it('adds the task’s constraint when switched on, and reports a bad limit on its field', () => {
    const editor = new SetupEditor();
    expect(editor.config?.constraints).toBeUndefined();
    editor.constraintOn = true;
    editor.constraintMax = 4;
    expect(editor.config?.constraints).toEqual([{ kind: 'param-sum', max: 4 }]);
    editor.constraintMax = Number.NaN;
    expect(editor.config).toBeNull();
    expect(editor.errors.get('constraints')).toMatch(/^\[0\]\.max must be a finite number/);
  });

  it('switching to a CNN task offers the parameter count, with its own default limit', () => {
    const editor = new SetupEditor(defaultSetup(), 2);
    editor.constraintOn = true;
    editor.chooseTask('mnist-cnn');
    expect(editor.constraintOn).toBe(false);
    editor.constraintOn = true;
    expect(editor.config?.constraints).toEqual([{ kind: 'param-count', max: 50_000 }]);
  });

  it('cost-aware reaches the GP options, and is dropped for other strategies', () => {
    const editor = new SetupEditor();
    editor.costAware = true;
    expect(editor.config?.samplerOptions).toEqual({ costAware: true });
    editor.strategy = 'random';
    expect(editor.config?.samplerOptions).toEqual({});
  });

  it('loads a saved setup’s constraint and cost-aware choice', () => {
    const saved = validateSetup({ ...defaultSetup(), samplerOptions: { costAware: true }, constraints: [{ kind: 'param-sum', max: 5 }] });
    const editor = new SetupEditor(saved);
    expect([editor.costAware, editor.constraintOn, editor.constraintMax]).toEqual([true, true, 5]);
    expect(editor.config).toEqual(saved);
  });
});

describe('StudySession with a constraint', () => {
  const setup = (max: number) =>
    validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 2, budget: { trials: 10, minutes: null, epochs: 2 }, constraints: [{ kind: 'param-sum', max }] });

  it('declares the constraint on its study, tells each trial its value, and best is the best feasible trial', async () => {
    const session = StudySession.fresh(setup(8), simulatedSessionDeps());
    expect(session.study.constraints).toEqual(['paramSum']);
    await session.start();
    const complete = session.trials.filter((t) => t.state === 'complete');
    expect(complete).toHaveLength(10);
    for (const t of complete) expect(t.constraints?.paramSum).toBeCloseTo((t.params.x1 as number) + (t.params.x2 as number) - 8, 12);
    const feasible = complete.filter((t) => (t.constraints?.paramSum as number) <= 0);
    expect(session.feasibility.feasible).toBe(feasible.length);
    expect(session.best?.id).toBe(feasible.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a)).id);
  });

  it('says when no trial is feasible, and has no best', async () => {
    const session = StudySession.fresh(setup(-100), simulatedSessionDeps());
    await session.start();
    expect(session.best).toBeNull();
    expect(session.feasibility.message).toMatch(/^No feasible trial: all 10 complete trials violate a constraint/);
  });
});
