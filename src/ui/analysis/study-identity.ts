/**
 * Which study a view is looking at, as a string: two readings of the same study (grown by new
 * trials, or copied on refresh) give the same identity; another study gives another. Views that
 * hold per-study state (the Inspector's step and axes, Results' importance) reset when it changes.
 *
 * A study keeps its search-space object for its whole life, and its first trial never changes, so
 * the identity is the space object's number, the seed and the first trial's start and parameters.
 */
import type { InspectableStudy } from '../../tuner';

const spaces = new WeakMap<object, number>();
let nextSpace = 0;

export function studyIdentity(study: InspectableStudy): string {
  let space = spaces.get(study.space);
  if (space === undefined) spaces.set(study.space, (space = nextSpace++));
  const first = study.trials[0];
  return `${space}|${study.seed}|${first === undefined ? '' : `${first.startedAt}|${JSON.stringify(first.params)}`}`;
}
