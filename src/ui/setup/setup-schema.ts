/**
 * The pieces every setup schema shares: `SetupError` (a refusal naming the field's dot path), the
 * valibot helpers whose messages the page shows as they are ("must be an integer in [1, 100], got
 * 500"), and `parsed`, which turns valibot's first issue into a `SetupError`.
 *
 *   parsed(v.object({ seed: integerIn(0, 9) }, objectMessage), { seed: 12 })   // throws SetupError('seed', 'must be an integer in [0, 9], got 12')
 */
import * as v from 'valibot';
import { shortValue } from '../../tuner';

/** A setup refused: `path` is the field's dot path (`budget.epochs`, `data.image.side`), `problem` what is wrong with it. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`setup: ${path}: ${problem}`);
  }
}

/** The output of `schema` for `raw`, or a `SetupError` for its first issue (path '(setup)' for the root). */
export function parsed<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new SetupError(v.getDotPath(issue) ?? '(setup)', issue.message);
}

/** 'must be an object', or 'is missing' for a required key that is not there. */
export function objectMessage(issue: v.BaseIssue<unknown>): string {
  return issue.path?.[issue.path.length - 1]?.origin === 'key' ? 'is missing' : 'must be an object';
}

export function integerMessage(min: number, max: number, input: unknown): string {
  return `must be an integer in [${min}, ${max}], got ${shortValue(input)}`;
}

/** An integer in [min, max]. */
export function integerIn(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => integerMessage(min, max, issue.input);
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** A finite number in [min, max]. */
export function numberIn(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => `must be a number in [${min}, ${max}], got ${shortValue(issue.input)}`;
  return v.pipe(v.number(message), v.finite(message), v.minValue(min, message), v.maxValue(max, message));
}
