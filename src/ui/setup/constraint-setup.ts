/**
 * Constraints a setup may carry (issue 5): each becomes a study constraint name, and the loop tells
 * its value c = (measured − limit) with every completed trial (c ≤ 0 feasible).
 *
 *   - `param-count` (CNN tasks): the model's parameter count ≤ max, read from the trial's
 *     `paramCount` metric (the worker reports what `buildModel` counted);
 *   - `param-sum` (synthetic tasks): the sum of the space's numeric parameters ≤ max (Branin:
 *     x1 + x2 ≤ max), computed from the params, so it shows at once.
 */
import type { Params, SearchSpace } from '../../tuner';
import type { ConstraintFn, Metrics } from '../../runner';
import { TASKS, type TaskId } from './tasks';

export type ConstraintSetup = { readonly kind: 'param-count'; readonly max: number } | { readonly kind: 'param-sum'; readonly max: number };
export type ConstraintKind = ConstraintSetup['kind'];

/** The study's constraint name for each kind. */
export const CONSTRAINT_NAMES: Readonly<Record<ConstraintKind, string>> = { 'param-count': 'paramCount', 'param-sum': 'paramSum' };

/** The kind a task offers: parameter count for real training (CNN tasks, user data), a sum of parameters for synthetic ones. */
export function constraintKindFor(task: TaskId): ConstraintKind {
  return TASKS[task].kind === 'synthetic' ? 'param-sum' : 'param-count';
}

/** Numeric parameters of a space, in order (what `param-sum` adds up). */
export function summedParams(space: SearchSpace): string[] {
  return Object.keys(space).filter((name) => space[name]?.type !== 'categorical');
}

/** "parameters ≤ 50000", "x1 + x2 ≤ 8". */
export function describeConstraint(constraint: ConstraintSetup, space: SearchSpace): string {
  switch (constraint.kind) {
    case 'param-count':
      return `parameters ≤ ${constraint.max}`;
    case 'param-sum':
      return `${summedParams(space).join(' + ')} ≤ ${constraint.max}`;
    default: {
      const unreachable: never = constraint;
      return unreachable;
    }
  }
}

/** Checks untrusted constraints for a task and space; a string says what is wrong. */
export function checkConstraints(raw: unknown, context: { readonly task: TaskId; readonly space: SearchSpace }): ConstraintSetup[] | string {
  if (!Array.isArray(raw)) return 'must be an array of constraints';
  const out: ConstraintSetup[] = [];
  for (const [i, item] of raw.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return `[${i}] must be an object`;
    const { kind, max } = item as Record<string, unknown>;
    if (kind !== 'param-count' && kind !== 'param-sum') return `[${i}].kind must be "param-count" or "param-sum", got ${JSON.stringify(kind) ?? String(kind)}`;
    const offered = constraintKindFor(context.task);
    if (kind !== offered) return `[${i}]: "${kind}" does not apply to ${TASKS[context.task].label} (it offers "${offered}")`;
    if (out.some((c) => c.kind === kind)) return `[${i}]: "${kind}" is given twice`;
    if (kind === 'param-count') {
      if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) return `[${i}].max must be a whole number of parameters ≥ 1, got ${String(max)}`;
    } else {
      if (typeof max !== 'number' || !Number.isFinite(max)) return `[${i}].max must be a finite number, got ${String(max)}`;
      if (summedParams(context.space).length === 0) return `[${i}]: the space has no numeric parameter to add up`;
    }
    out.push(Object.freeze({ kind, max }));
  }
  return out;
}

/** The study's constraint names for a setup's constraints. */
export function constraintNames(constraints: readonly ConstraintSetup[]): string[] {
  return constraints.map((c) => CONSTRAINT_NAMES[c.kind]);
}

/** The loop's constraint function, or undefined when there are none. */
export function constraintFn(constraints: readonly ConstraintSetup[], space: SearchSpace): ConstraintFn | undefined {
  if (constraints.length === 0) return undefined;
  const summed = summedParams(space);
  return (params: Params, metrics: Metrics) => {
    const values: Record<string, number> = {};
    for (const c of constraints) {
      switch (c.kind) {
        case 'param-count': {
          const count = metrics.paramCount;
          if (count === undefined) throw new Error('the trial reported no paramCount');
          values[CONSTRAINT_NAMES[c.kind]] = count - c.max;
          break;
        }
        case 'param-sum':
          values[CONSTRAINT_NAMES[c.kind]] = summed.reduce((sum, name) => sum + Number(params[name]), 0) - c.max;
          break;
        default: {
          const unreachable: never = c;
          return unreachable;
        }
      }
    }
    return values;
  };
}
