/**
 * Why a saved study cannot continue in this page, per study, for its Saved row (instead of a Resume
 * button) and the Run view: a study imported from Optuna whose parameters fit none of the page's
 * tasks, one whose setup the page refuses (persistence/continue-problem.ts), or a snapshot of a Manual
 * duel or race run (its summary's origin, finished or not). Each study's setup
 * is read from its stored header once (a study's setup does not change); finished studies are not
 * checked. A study that fits no task runs on a setup made only to show its results, whose task and
 * strategy are not the study's: `strategies` says instead which sampler made it in Optuna, when its
 * journal showed it (absent when not: the page then says "from Optuna").
 *
 *   await checks.update(library.summaries);
 *   checks.problems.get(id);     // { kind: 'no-task', message: 'its parameters (lr, …) fit none …' }, or undefined
 *   checks.strategies.get(id);   // 'NSGAIISampler (Optuna)', …; undefined when unknown, or for a study that fits a task
 */
import type { OptunaSamplerHint } from '../../tuner';
import { continueProblem, optunaOriginOf, originContinueMessage, type ContinueProblem, type StudySummary } from '../persistence';
import { SAMPLER_LABELS } from '../palette';
import type { SetupConfig } from '../setup/setup-config';

/** What the checks read of a saved study: its setup (from its header), and its record's `extra`. */
export interface SavedStudyReader {
  /** Null when there is no such study. */
  readonly setup: (id: string) => Promise<SetupConfig | null>;
  readonly extra: (id: string) => Promise<unknown>;
}

export class ContinueChecks {
  /** Study id → why it cannot continue here; studies that can are absent. */
  problems = $state.raw<ReadonlyMap<string, ContinueProblem>>(new Map());
  /** Study id → the sampler that made a study that fits no task (in Optuna), in words, when its journal showed it. */
  strategies = $state.raw<ReadonlyMap<string, string>>(new Map());
  private readonly checked = new Set<string>();

  constructor(private readonly read: SavedStudyReader) {}

  /** Checks the studies not checked yet, and forgets those no longer listed. */
  async update(summaries: readonly StudySummary[]): Promise<void> {
    const listed = new Set(summaries.map((s) => s.id));
    const found = new Map<string, ContinueProblem>();
    const strategies = new Map<string, string>();
    for (const summary of summaries) {
      if (this.checked.has(summary.id)) continue;
      // A duel's player or a race run, finished or not: its setup is not how its trials were made.
      if (summary.origin !== null) {
        this.checked.add(summary.id);
        found.set(summary.id, { kind: 'snapshot', message: originContinueMessage(summary.origin) });
        continue;
      }
      if (summary.status === 'finished') continue;
      this.checked.add(summary.id);
      const setup = await this.read.setup(summary.id).catch(() => null);
      const problem = setup === null ? null : continueProblem(setup);
      if (problem === null) continue;
      found.set(summary.id, problem);
      const madeBy = problem.kind === 'no-task' ? (optunaOriginOf(await this.read.extra(summary.id).catch(() => null))?.sampler ?? null) : null;
      if (madeBy !== null) strategies.set(summary.id, optunaStrategyLabel(madeBy));
    }
    for (const id of this.checked) if (!listed.has(id)) this.checked.delete(id);
    const keptProblems = [...this.problems].filter(([id]) => listed.has(id));
    if (found.size > 0 || keptProblems.length !== this.problems.size) this.problems = new Map([...keptProblems, ...found]);
    const keptStrategies = [...this.strategies].filter(([id]) => listed.has(id));
    if (strategies.size > 0 || keptStrategies.length !== this.strategies.size) this.strategies = new Map([...keptStrategies, ...strategies]);
  }
}

/** The sampler that made a study in Optuna, in words: `NSGAIISampler (Optuna)`, or this page's label of its own sampler. */
export function optunaStrategyLabel(madeBy: OptunaSamplerHint): string {
  switch (madeBy.from) {
    case 'optuna':
      return `${madeBy.name} (Optuna)`;
    case 'tfjs-tuner':
      return Object.hasOwn(SAMPLER_LABELS, madeBy.name) ? SAMPLER_LABELS[madeBy.name as keyof typeof SAMPLER_LABELS] : madeBy.name;
    default: {
      const unreachable: never = madeBy;
      return unreachable;
    }
  }
}
