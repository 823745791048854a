/**
 * One scheduled race entry on a synthetic task ("ASHA + random", "BOHB", "PBT"): the tuner loop
 * with that scheduler on the simulated backend with its own simulated clock (events fire between
 * macrotasks, so the page stays responsive), stopped once it has spent the race's compute in epochs. The race
 * reads its progress by snapshots, as often as it redraws, not on every event. Plain
 * strategies spend a full trial's epochs per trial; a scheduler spends the same epochs on more,
 * shorter trials.
 *
 * Notation: C = compute budget in epochs (trials per plain entry × epochs per trial).
 */
import { createSimulatedBackend, ExecutorPool, SimulatedClock, type SyntheticObjective, TunerLoop } from '../../runner';
import { createStudy, type SchedulerJSON, schedulerToJSON, type SearchSpace, type Study, type Trial } from '../../tuner';
import { entryPlan, entryScheduler, type RaceEntry } from './race-entries';
import { BestSoFarLine, type RaceRun } from './race-run';
import { buildScheduler, type SchedulerSetup } from '../setup/scheduler-setup';

export interface ScheduledRaceOptions {
  readonly entry: RaceEntry;
  readonly objective: SyntheticObjective;
  readonly space: SearchSpace;
  /** The task's own structural names, which PBT must not perturb (tasks.ts: taskStructural). */
  readonly structural: readonly string[];
  readonly repeat: number;
  readonly seed: number;
  /** R: the most epochs a trial trains. */
  readonly epochsPerTrial: number;
  /** C: epochs of compute the run may spend (every trial's epochs together). */
  readonly computeEpochs: number;
  /** True once the race is stopped. */
  readonly cancelled: () => boolean;
}

/**
 * PBT trains its population side by side (one simulated worker per member); the other schedulers
 * run on one worker, like the plain strategies, so their simulated times compare.
 */
function workersFor(setup: SchedulerSetup): number {
  return setup.name === 'pbt' ? (setup.options.populationSize as number) : 1;
}

/**
 * One scheduled entry's run. `run()` carries it out; `snapshot()` is the run so far as plain data,
 * cheap to take as often as the page publishes: trials that did not change since the last snapshot
 * are not copied again, and the best-so-far curves grow as the run reports.
 */
export class ScheduledRaceRun {
  private readonly clock = new SimulatedClock();
  private readonly study: Study;
  /** By trial id: when and after how much compute the trial reported its best value, and that value. */
  private readonly seconds: number[] = [];
  private readonly epochs: number[] = [];
  private readonly best: number[] = [];
  /** By trial id: the copies last handed out; `open`: ids whose copy was still running; `touched`: ids the loop has told of since. */
  private readonly copies: Trial[] = [];
  private readonly open = new Set<number>();
  private readonly touched = new Set<number>();
  private readonly byTime = new BestSoFarLine();
  private readonly byEpochs = new BestSoFarLine();
  private spent = 0;
  /** The largest of `seconds` and of `epochs` so far (the run's reach). */
  private reach = { seconds: 0, epochs: 0 };
  private note: string | null = null;
  /** PBT: the scheduler's state once the run is over (the lineage a saved run keeps). */
  private finalState: SchedulerJSON | null = null;
  private changes = 0;
  private last: { readonly changes: number; readonly run: RaceRun } | null = null;

  constructor(private readonly o: ScheduledRaceOptions) {
    this.study = createStudy({ space: o.space, sampler: entryPlan(o.entry).sampler, seed: o.seed, clock: () => this.clock.now() });
  }

  async run(): Promise<RaceRun> {
    const o = this.o;
    // The race's compute is C epochs: as many trials of R epochs as a plain entry trains.
    const setup = entryScheduler(o.entry, o.space, { workers: 1, structural: o.structural, trials: Math.floor(o.computeEpochs / o.epochsPerTrial), epochs: o.epochsPerTrial });
    if (setup === null) throw new Error(`race entry "${o.entry}" has no scheduler`);
    const backend = createSimulatedBackend({ clock: this.clock, objective: o.objective, seed: o.seed, startupMs: 0, noise: 0.01 });
    const pool = await ExecutorPool.create(backend, { size: workersFor(setup) });
    const scheduler = buildScheduler(setup, o.epochsPerTrial);
    const loop = new TunerLoop({ study: this.study, pool, scheduler, clock: this.clock, maxTrials: o.computeEpochs });
    // A model counts from the moment it reported a value (race-run.ts: scoredTrials), whether its
    // trial then goes on, pauses or stops: that is when the run had that model.
    loop.on((event) => {
      // Every change to a trial comes with an event that names it: only those trials are copied again.
      if ('trialId' in event) {
        this.touched.add(event.trialId);
        this.changes += 1;
      }
      if (event.type !== 'trial-progress') return;
      this.spent += 1;
      this.changes += 1;
      const id = event.trialId;
      if (event.value !== null && event.value < (this.best[id] ?? Infinity)) {
        setAt(this.best, id, event.value);
        setAt(this.seconds, id, event.at / 1000);
        setAt(this.epochs, id, this.spent);
        this.reach = { seconds: Math.max(this.reach.seconds, event.at / 1000), epochs: Math.max(this.reach.epochs, this.spent) };
      }
      this.byTime.add(event.at / 1000, event.value);
      this.byEpochs.add(this.spent, event.value);
      if (this.spent >= o.computeEpochs || o.cancelled()) loop.stop();
    });
    try {
      const result = await loop.run();
      if (result.finish.reason === 'error') this.note = result.finish.error.message;
      else if (result.finish.reason === 'exhausted') this.note = result.finish.message;
    } finally {
      pool.terminate();
      if (scheduler.name === 'pbt') this.finalState = schedulerToJSON(scheduler);
      // The loop may end trials as it stops: look at every trial that was open once more.
      for (const id of this.open) this.touched.add(id);
      this.changes += 1;
    }
    return this.snapshot();
  }

  /**
   * The run so far: copies only trials that are new, or open and told of since the last snapshot
   * (a scheduler leaves hundreds of paused trials open; they are not looked at again until resumed).
   */
  snapshot(): RaceRun {
    if (this.last !== null && this.last.changes === this.changes) return this.last.run;
    const live = this.study.trials;
    for (const id of this.touched) if (id < this.copies.length && live[id] !== undefined) this.copy(live[id]);
    this.touched.clear();
    for (let id = this.copies.length; id < live.length; id++) this.copy(live[id] as Trial);
    const n = this.copies.length;
    const byTrial = new BestSoFarLine();
    for (let id = 0; id < n; id++) {
      const t = this.copies[id] as Trial;
      byTrial.add(id + 1, t.state === 'complete' ? t.value : (this.best[id] ?? null));
    }
    const run: RaceRun = {
      strategy: this.o.entry,
      repeat: this.o.repeat,
      seed: this.o.seed,
      trials: this.copies.slice(),
      seconds: padded(this.seconds, n),
      epochs: padded(this.epochs, n),
      note: this.note,
      curves: { byTrial: byTrial.points(), byTime: this.byTime.points(), byEpochs: this.byEpochs.points() },
      reach: this.reach,
      ...(this.finalState === null ? {} : { scheduler: this.finalState }),
    };
    this.last = { changes: this.changes, run };
    return run;
  }

  /** Copies a trial (frozen) when it is new or has changed; a finished trial never changes. */
  private copy(t: Trial): void {
    const kept = this.copies[t.id];
    if (kept !== undefined && kept.state === t.state && kept.intermediate.length === t.intermediate.length) return;
    this.copies[t.id] = Object.freeze({ ...t, params: { ...t.params }, intermediate: t.intermediate.slice() });
    if (t.state === 'running') this.open.add(t.id);
    else this.open.delete(t.id);
  }
}

/** Sets xs[i], filling any gap before it with NaN (no holes). */
function setAt(xs: number[], i: number, v: number): void {
  while (xs.length < i) xs.push(Number.NaN);
  xs[i] = v;
}

/** The first n values of xs, NaN where it has none yet. */
function padded(xs: readonly number[], n: number): number[] {
  const out = xs.slice(0, n);
  while (out.length < n) out.push(Number.NaN);
  return out;
}
