/**
 * Race mode: several strategies get the same task and budget, each repeated with different seeds, so
 * their anytime curves can be compared with a band. On a synthetic task each plain trial is the
 * objective's value (instant); time is the simulated training time plus the real time the strategy
 * took to decide. Scheduled entries (ASHA + random, BOHB, PBT…) spend the same compute, in epochs,
 * on a simulated backend (race-scheduled.ts). On a real task the entries run one after another as
 * ordinary studies on the workers (one repeat). A synthetic race works in short slices and redraws
 * a few times a second (race-synthetic.ts), and its curves are aggregated a strategy at a time
 * between turns of the page (race-curves.ts), so the page stays fluid at the largest race it allows.
 * Inputs are checked as Setup checks its fields (race-inputs.ts); a race with a wrong one cannot start.
 */
import { afterMicrotasks } from '../../runner';
import { MAX_TRIALS_PER_STUDY } from '../limits';
import { TASKS, taskStructural, type TaskId } from '../setup/tasks';
import type { Analysis } from '../analysis/analysis-client';
import { gpMeanGridBackground, type Background } from './map-background';
import { entryPlan, entryScheduler, RACE_ENTRIES, type RaceEntry } from './race-entries';
import { raceInputErrors, raceRefusal } from './race-inputs';
import { RaceCurves } from './race-curves';
import { curvesOf, mostFinite, type RaceRun, type StrategyCurves } from './race-run';
import { runSyntheticRace } from './race-synthetic';
import { defaultSetup, type SetupConfig } from '../setup/setup-config';
import type { SessionDeps, StudySession } from '../state/study-session.svelte';

export const RACE_STRATEGIES: readonly RaceEntry[] = RACE_ENTRIES;

/** The race's horizontal axis: trials, time, or epochs of compute (equal compute for schedulers). */
export type RaceAxis = 'trials' | 'time' | 'epochs';

/** What a race was started with. */
export interface RaceShape {
  readonly budget: number;
  readonly repeats: number;
  readonly strategies: readonly RaceEntry[];
  /** The seed the visitor chose (each repeat's runs derive their own from it). */
  readonly seed: number;
}

export type RacePhase = { readonly kind: 'idle' } | { readonly kind: 'running' } | { readonly kind: 'done'; readonly message: string };

export interface RaceDeps {
  /** Starts studies for real tasks. */
  readonly session: SessionDeps;
  /** Real-time source for measuring decision time, ms. */
  readonly now?: () => number;
  /** Gives the browser a turn; default a message-channel task (not clamped like nested timeouts). */
  readonly yieldToPage?: () => Promise<void>;
  /** Fits real-task map backgrounds; default the page's analysis worker. */
  readonly analysis?: Analysis;
  /** Repeats `fn` every `ms` of real time until the returned function is called; default setInterval. */
  readonly every?: (ms: number, fn: () => void) => () => void;
}

/** Simulated epochs per synthetic trial: a plain trial's cost in epochs and time. */
export const SYNTHETIC_EPOCHS = 10;
/** Least real time between two redraws of a running synthetic race's curves and its maps, ms. */
const PUBLISH_EVERY_MS = 200;
const MAPS_EVERY_MS = 1000;
/** Most real time a synthetic race works before the page gets a turn, ms. */
const SLICE_MS = 8;

export class RaceState {
  task = $state<TaskId>('branin');
  strategies = $state<RaceEntry[]>(['grid', 'random', 'gp']);
  budget = $state(25);
  repeats = $state(3);
  seed = $state(1);
  /** Which repeat the maps show. */
  shownRepeat = $state(0);
  /** Parameters on the maps' axes ('' = the space's first / second). */
  mapX = $state('');
  mapY = $state('');
  /** Curves against trials, time, or epochs of compute. */
  axis = $state<RaceAxis>('trials');
  phase = $state<RacePhase>({ kind: 'idle' });
  /** The inputs of the race shown (running or last run): labels and curves follow it, not the fields being edited. */
  raced = $state.raw<RaceShape>({ budget: 25, repeats: 3, strategies: ['grid', 'random', 'gp'], seed: 1 });
  /** Whether a race shown is the demo the page starts by itself: true until the visitor starts one. */
  demo = $state(true);
  runs = $state.raw<readonly RaceRun[]>([]);
  /** The runs the maps show: while racing, refreshed at most every MAPS_EVERY_MS (a map redraws every marker). */
  mapRuns = $state.raw<readonly RaceRun[]>([]);
  /** The study running now (real tasks), for its lanes. */
  session = $state.raw<StudySession | null>(null);
  /** Real tasks: the GP mean of the loss over the maps' axes, fitted to every run's trials once the race is done. */
  gpBackground = $state.raw<Background | null>(null);
  /** Setup used for real-task races (budget and strategy are overridden). */
  baseSetup = $state.raw<SetupConfig | null>(null);

  /** The setup a real-task race runs with: the Setup view's when it is for this task. */
  readonly realSetup = $derived(this.baseSetup !== null && this.baseSetup.task === this.task ? this.baseSetup : defaultSetup(this.task));
  readonly space = $derived(TASKS[this.task].kind === 'synthetic' ? TASKS[this.task].defaultSpace : this.realSetup.space);
  /** What a trial's value is, in words: the synthetic task's own name for it, or the validation loss. */
  readonly valueLabel = $derived.by(() => {
    const task = TASKS[this.task];
    return task.kind === 'synthetic' ? task.valueLabel : 'validation loss';
  });
  readonly optimum = $derived(TASKS[this.task].kind === 'synthetic' ? (TASKS[this.task] as { fStar: number | null }).fStar : null);
  /** Every raced strategy's curves over its repeats: aggregated after each publish, off the render (race-curves.ts). */
  curves = $state.raw<readonly StrategyCurves[]>([]);
  readonly trialsDone = $derived(this.runs.reduce((n, r) => n + r.trials.length, 0));
  readonly trialsTotal = $derived(this.raced.budget * this.raced.strategies.length * (TASKS[this.task].kind === 'synthetic' ? this.raced.repeats : 1));
  /** Field → message for each wrong input; a race with any cannot start (race-inputs.ts). */
  readonly errors = $derived(raceInputErrors({ budget: this.budget, repeats: this.repeats, seed: this.seed, strategies: this.strategies, synthetic: TASKS[this.task].kind === 'synthetic' }));
  /** Why the race cannot start, in one line, or null. */
  readonly refusal = $derived(raceRefusal(this.errors));
  /** Whether any entry has a scheduler (its trial count is not fixed: compare by epochs). */
  readonly scheduled = $derived(this.raced.strategies.some((s) => entryPlan(s).scheduler !== null));
  /** Epochs of compute spent so far by every run (the last finished trial's count per run). */
  readonly epochsDone = $derived(this.runs.reduce((n, r) => n + r.reach.epochs, 0));

  /** The maps' axes, defaulting to the first two parameters. */
  readonly axes = $derived.by(() => {
    const names = Object.keys(this.space);
    const x = names.includes(this.mapX) ? this.mapX : (names[0] as string);
    const y = names.includes(this.mapY) && this.mapY !== x ? this.mapY : (names.find((n) => n !== x) ?? x);
    return { x, y };
  });

  private cancelled = false;
  /** Counts background fits: only the latest may set the background. */
  private backgroundFits = 0;
  private mapsShownAt = -Infinity;
  /** The maps' refresh under way (a strategy at a time), and a count of refreshes: a newer one overtakes an older. */
  private mapsRefresh: Promise<void> | null = null;
  private mapsGeneration = 0;
  private readonly now: () => number;
  private readonly yieldToPage: () => Promise<void>;
  private readonly every: (ms: number, fn: () => void) => () => void;
  private readonly aggregator: RaceCurves;

  constructor(private readonly deps: RaceDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.yieldToPage = deps.yieldToPage ?? yieldToPageByMessage;
    this.every = deps.every ?? everyInterval;
    this.aggregator = new RaceCurves({ now: this.now, yieldToPage: this.yieldToPage, sliceMs: SLICE_MS, onCurves: (curves) => (this.curves = curves) });
  }

  get running(): boolean {
    return this.phase.kind === 'running';
  }

  toggleStrategy(name: RaceEntry, on: boolean): void {
    if (this.running) return;
    const set = new Set(this.strategies);
    if (on) set.add(name);
    else set.delete(name);
    this.strategies = RACE_STRATEGIES.filter((s) => set.has(s));
  }

  /** Refuses a race whose inputs are wrong (the view marks the fields); otherwise runs it. */
  async run(): Promise<void> {
    if (this.running || this.errors.size > 0) return;
    this.cancelled = false;
    this.gpBackground = null;
    this.backgroundFits += 1;
    this.raced = { budget: this.budget, repeats: this.repeats, strategies: this.strategies.slice(), seed: this.seed };
    this.show([], true);
    this.shownRepeat = Math.min(this.shownRepeat, this.repeats - 1);
    this.phase = { kind: 'running' };
    const task = TASKS[this.task];
    let message: string;
    try {
      // The page redraws for the race that starts in a task of its own, before the race's first slice.
      await this.yieldToPage();
      if (task.kind === 'synthetic') await this.runSynthetic(task);
      else await this.runReal();
      message = this.cancelled ? 'Stopped.' : 'Race finished.';
    } catch (error) {
      message = `Race failed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.session = null;
      this.show(this.runs, true);
    }
    // The ranking reads the final curves, and the maps show every run, before the race says it is done.
    await Promise.all([this.aggregator.settled(), this.mapsRefresh]);
    this.phase = { kind: 'done', message };
    if (task.kind === 'cnn') await this.fitGpBackground();
  }

  /**
   * Refits the real-task map background (after the race, or when the maps' axes change) off the
   * page's thread (map-background.ts: gpMeanGridBackground). The maps keep the background they
   * have until the new one is ready; a fit overtaken by a newer one is dropped.
   */
  async fitGpBackground(): Promise<void> {
    if (TASKS[this.task].kind !== 'cnn' || this.running) return;
    const { x, y } = this.axes;
    const fit = ++this.backgroundFits;
    const pooled = this.runs.flatMap((r) => r.trials);
    try {
      const background = pooled.length === 0 ? null : await gpMeanGridBackground(this.space, pooled, this.seed, x, y, { ...(this.deps.analysis === undefined ? {} : { analysis: this.deps.analysis }) });
      if (fit === this.backgroundFits) this.gpBackground = background;
    } catch (error) {
      // The maps keep the background they had (or none): the race's results stand without it.
      console.error("The race maps' GP background could not be fitted:", error);
    }
  }

  /** Hands the page the runs so far; the maps get them too when theirs are old enough, or `final`ly. */
  private show(runs: readonly RaceRun[], final = false): void {
    this.runs = runs;
    void this.aggregator.update({ runs, strategies: this.raced.strategies, optimum: this.optimum, budget: this.raced.budget });
    const at = this.now();
    if (final || (this.mapsRefresh === null && at - this.mapsShownAt >= MAPS_EVERY_MS)) {
      this.mapsShownAt = at;
      const refresh = this.refreshMaps(runs, ++this.mapsGeneration).finally(() => {
        if (this.mapsRefresh === refresh) this.mapsRefresh = null;
      });
      this.mapsRefresh = refresh;
    }
  }

  /**
   * Hands the maps `runs` a strategy at a time, a task each: each map redraws in a task of its own
   * (the others keep their runs, so they redo nothing). A later refresh overtakes it.
   */
  private async refreshMaps(runs: readonly RaceRun[], generation: number): Promise<void> {
    const strategies = new Set(this.raced.strategies);
    // Runs of entries no longer raced leave the maps at once.
    this.mapRuns = this.mapRuns.filter((r) => strategies.has(r.strategy));
    for (const strategy of strategies) {
      if (generation !== this.mapsGeneration) return;
      this.mapRuns = [...this.mapRuns.filter((r) => r.strategy !== strategy), ...runs.filter((r) => r.strategy === strategy)];
      await this.yieldToPage();
    }
  }

  stop(): void {
    this.cancelled = true;
    this.session?.stop();
  }

  private async runSynthetic(task: Extract<(typeof TASKS)[TaskId], { kind: 'synthetic' }>): Promise<void> {
    await runSyntheticRace({
      entries: this.strategies,
      objective: task.objective,
      space: task.defaultSpace,
      structural: taskStructural(this.task),
      repeats: this.repeats,
      budget: this.budget,
      seed: this.seed,
      epochsPerTrial: SYNTHETIC_EPOCHS,
      cancelled: () => this.cancelled,
      now: this.now,
      yieldToPage: this.yieldToPage,
      every: this.every,
      publish: (runs) => this.show(runs),
      publishEveryMs: PUBLISH_EVERY_MS,
      sliceMs: SLICE_MS,
    });
  }

  /** One study per strategy on the workers, one after another (the study code is fetched with the first real race). */
  private async runReal(): Promise<void> {
    const { StudySession } = await import('../state/study-session.svelte');
    const base = this.realSetup;
    const done: RaceRun[] = [];
    for (const strategy of this.strategies) {
      if (this.cancelled) break;
      const { scheduler: _none, ...plainBase } = base;
      const scheduler = entryScheduler(strategy, base.space, { workers: base.workers, structural: taskStructural(this.task), trials: this.budget, epochs: base.budget.epochs });
      // PBT ends when its population has trained to the last epoch; its exploits start extra
      // trials (at most one per epoch of compute), which the trial budget must not cut short.
      const trials = scheduler?.name === 'pbt' ? Math.min(MAX_TRIALS_PER_STUDY, this.budget * base.budget.epochs) : this.budget;
      const setup: SetupConfig = {
        ...plainBase,
        task: this.task,
        strategy: entryPlan(strategy).sampler,
        samplerOptions: {},
        seed: this.seed,
        budget: { ...base.budget, trials },
        ...(scheduler === null ? {} : { scheduler }),
      };
      const session = StudySession.fresh(setup, this.deps.session);
      this.session = session;
      const publish = () => this.show([...done, toRaceRun(strategy, this.seed, session.trials, null)]);
      const unsubscribe = session.onChange(publish);
      await session.start();
      unsubscribe();
      done.push(toRaceRun(strategy, this.seed, session.trials, session.phase.kind === 'error' ? session.phase.message : null));
      this.show(done.slice(), true);
    }
  }
}

/** A real-task run: wall seconds since its first trial began; epochs of compute in the order trials ended. */
function toRaceRun(strategy: RaceEntry, seed: number, trials: RaceRun['trials'], note: string | null): RaceRun {
  const origin = Math.min(...trials.map((t) => t.startedAt));
  const ended = trials.filter((t) => t.state !== 'running').sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const spentAt = new Map<number, number>();
  let spent = 0;
  for (const t of ended) spentAt.set(t.id, (spent += t.intermediate.length));
  const run = {
    strategy,
    repeat: 0,
    seed,
    trials,
    seconds: trials.map((t) => (t.endedAt === null ? Number.NaN : (t.endedAt - origin) / 1000)),
    epochs: trials.map((t) => spentAt.get(t.id) ?? Number.NaN),
    note,
  };
  return { ...run, curves: curvesOf(run), reach: { seconds: mostFinite(run.seconds), epochs: mostFinite(run.epochs) } };
}

/** A turn for the page: a message-channel task runs after pending input and rendering, with no 4 ms clamp. */
function yieldToPageByMessage(): Promise<void> {
  return new Promise((resolve) => afterMicrotasks(resolve));
}

function everyInterval(ms: number, fn: () => void): () => void {
  const handle = setInterval(fn, ms);
  return () => clearInterval(handle);
}
