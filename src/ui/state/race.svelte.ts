/**
 * Race mode: several strategies get the same task and budget, each repeated with different seeds, so
 * their anytime curves can be compared with a band. On a synthetic task each plain trial is the
 * objective's value (instant); time is the simulated training time plus the real time the strategy
 * took to decide. Scheduled entries (ASHA + random, BOHB, PBT…) spend the same compute, in epochs,
 * on a simulated backend (race-scheduled.ts). On a real task the entries run one after another as
 * ordinary studies on the workers (one repeat). The main thread yields after every trial.
 */
import { createStudy, deriveSeed } from '../../tuner';
import { TASKS, taskStructural, type TaskId } from '../tasks';
import { gpMeanBackground, type Background } from './map-background';
import { entryPlan, entryScheduler, RACE_ENTRIES, type RaceEntry } from './race-entries';
import { raceCurves, type RaceRun, type StrategyCurves } from './race-run';
import { runScheduledRace } from './race-scheduled';
import { defaultSetup, type SetupConfig } from './setup-config';
import { StudySession, type SessionDeps } from './study-session.svelte';

export const RACE_STRATEGIES: readonly RaceEntry[] = RACE_ENTRIES;

/** The race's horizontal axis: trials, time, or epochs of compute (equal compute for schedulers). */
export type RaceAxis = 'trials' | 'time' | 'epochs';

export type RacePhase = { readonly kind: 'idle' } | { readonly kind: 'running' } | { readonly kind: 'done'; readonly message: string };

export interface RaceDeps {
  /** Starts studies for real tasks. */
  readonly session: SessionDeps;
  /** Real-time source for measuring decision time, ms. */
  readonly now?: () => number;
  /** Gives the browser a turn; default a zero-delay timeout. */
  readonly yieldToPage?: () => Promise<void>;
}

/** Simulated epochs per synthetic trial: a plain trial's cost in epochs and time. */
export const SYNTHETIC_EPOCHS = 10;
/** Least real time between two publishes driven by scheduled entries, ms. */
const SCHEDULED_PUBLISH_MS = 250;

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
  runs = $state.raw<readonly RaceRun[]>([]);
  /** The study running now (real tasks), for its lanes. */
  session = $state.raw<StudySession | null>(null);
  /** Real tasks: the GP mean of the loss over the maps' axes, fitted to every run's trials once the race is done. */
  gpBackground = $state.raw<Background | null>(null);
  /** Setup used for real-task races (budget and strategy are overridden). */
  baseSetup = $state.raw<SetupConfig | null>(null);

  /** The setup a real-task race runs with: the Setup view's when it is for this task. */
  readonly realSetup = $derived(this.baseSetup !== null && this.baseSetup.task === this.task ? this.baseSetup : defaultSetup(this.task));
  readonly space = $derived(TASKS[this.task].kind === 'synthetic' ? TASKS[this.task].defaultSpace : this.realSetup.space);
  readonly optimum = $derived(TASKS[this.task].kind === 'synthetic' ? (TASKS[this.task] as { fStar: number | null }).fStar : null);
  readonly curves: StrategyCurves[] = $derived.by(() => raceCurves(this.runs, this.strategies, this.optimum, this.budget));
  readonly trialsDone = $derived(this.runs.reduce((n, r) => n + r.trials.length, 0));
  readonly trialsTotal = $derived(this.budget * this.strategies.length * (TASKS[this.task].kind === 'synthetic' ? this.repeats : 1));
  /** Whether any entry has a scheduler (its trial count is not fixed: compare by epochs). */
  readonly scheduled = $derived(this.strategies.some((s) => entryPlan(s).scheduler !== null));
  /** Epochs of compute spent so far by every run (the last finished trial's count per run). */
  readonly epochsDone = $derived(this.runs.reduce((n, r) => n + Math.max(0, ...r.epochs.filter((e) => Number.isFinite(e))), 0));

  /** The maps' axes, defaulting to the first two parameters. */
  readonly axes = $derived.by(() => {
    const names = Object.keys(this.space);
    const x = names.includes(this.mapX) ? this.mapX : (names[0] as string);
    const y = names.includes(this.mapY) && this.mapY !== x ? this.mapY : (names.find((n) => n !== x) ?? x);
    return { x, y };
  });

  private cancelled = false;
  private readonly now: () => number;
  private readonly yieldToPage: () => Promise<void>;

  constructor(private readonly deps: RaceDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.yieldToPage = deps.yieldToPage ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
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

  async run(): Promise<void> {
    if (this.running || this.strategies.length === 0) return;
    this.cancelled = false;
    this.runs = [];
    this.gpBackground = null;
    this.shownRepeat = Math.min(this.shownRepeat, this.repeats - 1);
    this.phase = { kind: 'running' };
    const task = TASKS[this.task];
    try {
      if (task.kind === 'synthetic') await this.runSynthetic(task);
      else await this.runReal();
      this.phase = { kind: 'done', message: this.cancelled ? 'Stopped.' : 'Race finished.' };
      if (task.kind === 'cnn') await this.fitGpBackground();
    } catch (error) {
      this.phase = { kind: 'done', message: `Race failed: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      this.session = null;
    }
  }

  /** Refits the real-task map background (after the race, or when the maps' axes change). */
  async fitGpBackground(): Promise<void> {
    if (TASKS[this.task].kind !== 'cnn' || this.running) return;
    const { x, y } = this.axes;
    await this.yieldToPage();
    const pooled = this.runs.flatMap((r) => r.trials);
    this.gpBackground = pooled.length === 0 ? null : gpMeanBackground(this.space, pooled, this.seed, x, y);
  }

  stop(): void {
    this.cancelled = true;
    this.session?.stop();
  }

  /**
   * Round-robin: every plain (strategy, repeat) advances one trial per turn, so all curves grow
   * together; scheduled entries run alongside on their own simulated clocks, with the same compute.
   */
  private async runSynthetic(task: Extract<(typeof TASKS)[TaskId], { kind: 'synthetic' }>): Promise<void> {
    const objective = task.objective;
    const plain = this.strategies.filter((s) => entryPlan(s).scheduler === null);
    const scheduledEntries = this.strategies.filter((s) => entryPlan(s).scheduler !== null);
    const runs = plain.flatMap((strategy) =>
      Array.from({ length: this.repeats }, (_, repeat) => {
        const seed = deriveSeed(this.seed, repeat);
        let clock = 0;
        const study = createStudy({ space: task.defaultSpace, sampler: entryPlan(strategy).sampler, seed, clock: () => clock });
        return { strategy, repeat, seed, study, seconds: [] as number[], note: null as string | null, setClock: (t: number) => (clock = t) };
      }),
    );
    const scheduledRuns = new Map<string, RaceRun>();
    let lastPublish = -Infinity;
    const publish = () => {
      lastPublish = this.now();
      this.runs = [
        ...runs.map((r) => ({
          strategy: r.strategy,
          repeat: r.repeat,
          seed: r.seed,
          trials: r.study.trials.map((t) => ({ ...t })),
          seconds: r.seconds.slice(),
          epochs: r.seconds.map((_, i) => (i + 1) * SYNTHETIC_EPOCHS),
          note: r.note,
        })),
        ...scheduledRuns.values(),
      ];
    };
    const scheduled = Promise.all(
      scheduledEntries.flatMap((entry) =>
        Array.from({ length: this.repeats }, (_, repeat) =>
          runScheduledRace({
            entry,
            objective,
            space: task.defaultSpace,
            structural: taskStructural(this.task),
            repeat,
            seed: deriveSeed(this.seed, repeat),
            epochsPerTrial: SYNTHETIC_EPOCHS,
            computeEpochs: this.budget * SYNTHETIC_EPOCHS,
            cancelled: () => this.cancelled,
            onUpdate: (run) => {
              scheduledRuns.set(`${entry}:${repeat}`, run);
              // Every publish redraws curves and maps: at most a few per second from these runs.
              if (this.now() - lastPublish >= SCHEDULED_PUBLISH_MS) publish();
            },
          }),
        ),
      ),
    );
    for (let turn = 0; turn < this.budget && !this.cancelled; turn++) {
      for (const run of runs) {
        if (this.cancelled) break;
        if (run.note !== null) continue;
        const elapsed = run.seconds.at(-1) ?? 0;
        const t0 = this.now();
        const asked = run.study.tryAsk();
        const decided = (this.now() - t0) / 1000;
        if (asked.kind === 'exhausted') {
          run.note = asked.reason;
          continue;
        }
        const cost = (objective.secondsPerEpoch?.(asked.params) ?? 2) * SYNTHETIC_EPOCHS;
        run.setClock((elapsed + decided) * 1000);
        run.study.tell(asked.id, objective.value(asked.params));
        run.seconds.push(elapsed + decided + cost);
        await this.yieldToPage();
      }
      publish();
    }
    await scheduled;
    publish();
  }

  /** One study per strategy on the workers, one after another. */
  private async runReal(): Promise<void> {
    const base = this.realSetup;
    const done: RaceRun[] = [];
    for (const strategy of this.strategies) {
      if (this.cancelled) break;
      const { scheduler: _none, ...plainBase } = base;
      const scheduler = entryScheduler(strategy, base.space, base.workers);
      const setup: SetupConfig = {
        ...plainBase,
        task: this.task,
        strategy: entryPlan(strategy).sampler,
        samplerOptions: {},
        seed: this.seed,
        budget: { ...base.budget, trials: this.budget },
        ...(scheduler === null ? {} : { scheduler }),
      };
      const session = StudySession.fresh(setup, this.deps.session);
      this.session = session;
      const publish = () => (this.runs = [...done, toRaceRun(strategy, this.seed, session.trials, null)]);
      const unsubscribe = session.onChange(publish);
      await session.start();
      unsubscribe();
      done.push(toRaceRun(strategy, this.seed, session.trials, session.phase.kind === 'error' ? session.phase.message : null));
      this.runs = done.slice();
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
  return {
    strategy,
    repeat: 0,
    seed,
    trials,
    seconds: trials.map((t) => (t.endedAt === null ? Number.NaN : (t.endedAt - origin) / 1000)),
    epochs: trials.map((t) => spentAt.get(t.id) ?? Number.NaN),
    note,
  };
}
