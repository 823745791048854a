/**
 * Whether a saved study can go on in this page, and if not, why, in words for its Saved row. A
 * study goes on when its setup is one the page can run: `validateSetup` accepts it, which also
 * means its search space fits its task. A study imported from Optuna whose parameters fit none of
 * the page's tasks is kept with a setup made only for showing its results (see optuna-import.ts):
 * its problem is `no-task`, and it can be continued in Optuna instead. A snapshot of a Manual duel or
 * a race run (study-origin.ts) is refused as `snapshot`, by `ContinueChecks`, from its origin.
 *
 *   continueProblem(record.setup)   // null, or { kind: 'no-task', message: 'its parameters (lr, …) fit none …' }
 */
import type { SearchSpace } from '../../tuner';
import { SetupError, validateSetup } from '../setup/setup-config';
import { taskSpaceProblem } from '../setup/task-space';
import { BUILTIN_TASK_IDS } from '../setup/tasks';

export type ContinueProblem =
  /** No task of this page can run its parameters. */
  | { readonly kind: 'no-task'; readonly message: string }
  /** Its setup is refused for another reason (a damaged record). */
  | { readonly kind: 'invalid-setup'; readonly message: string }
  /** A finished snapshot of a Manual duel's player or a race run (study-origin.ts): its setup is not how its trials were made. */
  | { readonly kind: 'snapshot'; readonly message: string };

/** Null when `setup` can run here; otherwise why not. */
export function continueProblem(setup: unknown): ContinueProblem | null {
  try {
    validateSetup(setup);
    return null;
  } catch (error) {
    const space = spaceOf(setup);
    if (space !== null && !fitsSomeTask(space)) return { kind: 'no-task', message: noTaskMessage(space) };
    const why = error instanceof SetupError ? `${error.path}: ${error.problem}` : error instanceof Error ? error.message : String(error);
    return { kind: 'invalid-setup', message: `its setup cannot run here (${why})` };
  }
}

/** Whether some built-in task (a synthetic landscape or a CNN task) reads exactly these parameters with these ranges. */
export function fitsSomeTask(space: SearchSpace): boolean {
  return BUILTIN_TASK_IDS.some((task) => {
    try {
      return taskSpaceProblem(task, space) === null;
    } catch {
      return false;
    }
  });
}

/** Why a study on `space` cannot continue in this page. */
export function noTaskMessage(space: SearchSpace): string {
  return `its parameters (${Object.keys(space).join(', ')}) fit none of this page’s tasks (${BUILTIN_TASK_IDS.join(', ')})`;
}

function spaceOf(setup: unknown): SearchSpace | null {
  if (setup === null || typeof setup !== 'object') return null;
  const space = (setup as { readonly space?: unknown }).space;
  return space !== null && typeof space === 'object' && !Array.isArray(space) ? (space as SearchSpace) : null;
}
