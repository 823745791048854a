/**
 * The scheduler part of a setup: which scheduler decides how much budget each trial gets (none =
 * FIFO, the tuner loop's default: every trial trains all its epochs), its key options, and what the
 * page must say about it. Plain data and pure functions; the scheduler itself validates its options
 * (src/tuner/schedulers).
 *
 * `maxEpochs` (R) is never stored here: it is the setup's epochs per trial. "None" and FIFO are one
 * choice, stored as no `scheduler` field; a setup saved with `{ name: 'fifo' }` or `{ name: 'none' }`
 * loads as that choice (`isNoScheduler`).
 */
import { createScheduler, isSchedulerName, type Scheduler, SchedulerError, type SchedulerName, type SearchSpace, STRUCTURAL_HYPERPARAMETERS } from '../../tuner';

export interface SchedulerSetup {
  readonly name: SchedulerName;
  /** The scheduler's options without `maxEpochs`. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** 'none' (no scheduler: the tuner loop's default FIFO over the setup's epochs) or a scheduler that decides more. */
export type SchedulerChoice = 'none' | Exclude<SchedulerName, 'fifo'>;

export const SCHEDULER_CHOICES: readonly SchedulerChoice[] = ['none', 'median', 'asha', 'hyperband', 'bohb', 'pbt'];

export const SCHEDULER_LABELS: Readonly<Record<SchedulerChoice, string>> = {
  none: 'None (FIFO: every trial runs its full budget)',
  median: 'Median stopping',
  asha: 'ASHA (successive halving)',
  hyperband: 'Hyperband',
  bohb: 'BOHB (Hyperband + model)',
  pbt: 'Population-based training',
};

/** Short names for legends and headings. */
export const SCHEDULER_SHORT: Readonly<Record<SchedulerName, string>> = {
  fifo: 'FIFO',
  median: 'Median stopping',
  asha: 'ASHA',
  hyperband: 'Hyperband',
  bohb: 'BOHB',
  pbt: 'PBT',
};

/**
 * True for an untrusted `scheduler` field that means the one "none" choice: absent, null, or a FIFO
 * (or an old 'none') with no options besides those FIFO has, which the loop runs by default.
 */
export function isNoScheduler(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'object' || Array.isArray(raw)) return false;
  const { name, options } = raw as Record<string, unknown>;
  if (name !== 'fifo' && name !== 'none') return false;
  return options === undefined || options === null || (typeof options === 'object' && !Array.isArray(options) && Object.keys(options).length === 0);
}

/** The editor's choice for a stored scheduler setup (FIFO and none are one). */
export function schedulerChoiceOf(setup: SchedulerSetup | undefined): SchedulerChoice {
  return setup === undefined || setup.name === 'fifo' ? 'none' : setup.name;
}

/** Whether a scheduler pauses trials and resumes them later or starts trials from another's weights. */
export function needsCheckpoints(setup: SchedulerSetup): boolean {
  switch (setup.name) {
    case 'fifo':
    case 'median':
      return false;
    case 'asha':
    case 'hyperband':
    case 'bohb':
      return setup.options.mode !== 'stopping';
    case 'pbt':
      return true;
    default: {
      const unreachable: never = setup.name;
      return unreachable;
    }
  }
}

/** Every name PBT must not perturb: the scheduler's structural list plus a task's own (e.g. an MLP's width). */
export function structuralNames(extra: readonly string[] = []): string[] {
  return [...new Set([...STRUCTURAL_HYPERPARAMETERS, ...extra])];
}

/** The space's names split into those PBT may perturb and the structural ones it must leave alone. */
export function pbtSplit(space: SearchSpace, extra: readonly string[] = []): { readonly algorithm: string[]; readonly structural: string[] } {
  const structural = structuralNames(extra);
  const names = Object.keys(space);
  return { algorithm: names.filter((n) => !structural.includes(n)), structural: names.filter((n) => structural.includes(n)) };
}

/** PBT's options for a space: perturb `chosen`; a task's extra structural names are refused by the scheduler too. */
export function pbtOptions(chosen: readonly string[], extra: readonly string[], options: { readonly populationSize: number; readonly readyEvery: number }): Record<string, unknown> {
  return { ...options, hyperparameters: chosen.slice(), ...(extra.length > 0 ? { structural: structuralNames(extra) } : {}) };
}

/** What the PBT scheduler itself says when asked to perturb `structural` names (null when there are none). */
export function pbtRefusal(structural: readonly string[], extra: readonly string[] = []): string | null {
  if (structural.length === 0) return null;
  try {
    createScheduler('pbt', { maxEpochs: 2, ...pbtOptions(structural, extra, { populationSize: 2, readyEvery: 1 }) });
    return null;
  } catch (error) {
    if (error instanceof SchedulerError) return error.message;
    throw error;
  }
}

/** Builds the setup's scheduler with R = `epochs`; throws SchedulerError on bad options. */
export function buildScheduler(setup: SchedulerSetup, epochs: number): Scheduler {
  return createScheduler(setup.name, { ...setup.options, maxEpochs: epochs });
}

/**
 * Checks an untrusted `scheduler` field against the rest of the setup. Returns the frozen setup, or
 * a problem in words (the scheduler's own message for bad options, e.g. PBT's refusal of
 * structural hyperparameters).
 */
export function checkSchedulerSetup(raw: unknown, context: { readonly space: SearchSpace; readonly epochs: number; readonly strategy: string }): SchedulerSetup | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'must be an object with a name and options';
  const r = raw as Record<string, unknown>;
  if (!isSchedulerName(r.name)) return `unknown scheduler ${JSON.stringify(r.name) ?? String(r.name)} (expected one of ${['fifo', ...SCHEDULER_CHOICES.slice(1)].join(', ')})`;
  const options = r.options === undefined ? {} : r.options;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return 'options must be an object';
  const copy = JSON.parse(JSON.stringify(options)) as Record<string, unknown>;
  if ('maxEpochs' in copy) return 'options must not set maxEpochs (it is the epochs per trial)';
  if (context.strategy === 'manual') return 'the manual duel runs without a scheduler';
  if (r.name === 'bohb' && context.strategy !== 'gp') return 'BOHB brings its own model-based search: choose the Bayesian (GP) strategy with it';
  if (r.name === 'pbt' && Array.isArray(copy.hyperparameters)) {
    const unknown = (copy.hyperparameters as unknown[]).filter((h) => typeof h !== 'string' || !(h in context.space));
    if (unknown.length > 0) return `PBT may only change parameters of the space; ${unknown.map((u) => JSON.stringify(u)).join(', ')} is not one`;
  }
  try {
    buildScheduler({ name: r.name, options: copy }, context.epochs);
  } catch (error) {
    if (error instanceof SchedulerError) return error.message;
    throw error;
  }
  return Object.freeze({ name: r.name, options: Object.freeze(copy) });
}
