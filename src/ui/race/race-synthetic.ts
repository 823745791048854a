/**
 * A race on a synthetic task, kept fluid at the Race's largest size (every entry, 20 repeats, 200
 * trials each). Plain entries advance round-robin, one trial per (strategy, repeat) per turn, so all
 * curves grow together; the work runs in slices of a few milliseconds between which the page gets a
 * turn. Scheduled entries run alongside on their own simulated clocks. Nothing is published per
 * trial: a timer hands the page every run so far at most every `publishEveryMs` of real time (and
 * once at the end), snapshotting the runs a slice at a time, and a run that did not change keeps
 * the same object, so the views redo nothing for it. Each run's best-so-far curves grow as its trials end (race-run.ts: BestSoFarLine).
 *
 * Notation
 *   elapsed   a plain run's time so far, s: its trials' simulated training plus the real time its
 *             strategy spent deciding
 *   cost      one trial's simulated training time, s: seconds per epoch × epochs per trial
 */
import type { SyntheticObjective } from '../../runner';
import { createStudy, deriveSeed, type SearchSpace, type Study, type Trial } from '../../tuner';
import { entryPlan, type RaceEntry } from './race-entries';
import { BestSoFarLine, type RaceRun } from './race-run';
import { ScheduledRaceRun } from './race-scheduled';

export interface SyntheticRaceOptions {
  readonly entries: readonly RaceEntry[];
  readonly objective: SyntheticObjective;
  readonly space: SearchSpace;
  /** The task's structural parameter names (PBT must not perturb them). */
  readonly structural: readonly string[];
  readonly repeats: number;
  /** Trials per plain entry. */
  readonly budget: number;
  readonly seed: number;
  readonly epochsPerTrial: number;
  readonly cancelled: () => boolean;
  /** Real time, ms: measures decision time and slices. */
  readonly now: () => number;
  /** Gives the page a turn (input, rendering, timers). */
  readonly yieldToPage: () => Promise<void>;
  /** Receives every run so far: from the timer and once at the end. */
  readonly publish: (runs: readonly RaceRun[]) => void;
  /** Calls `fn` every `ms` of real time until the returned function is called. */
  readonly every: (ms: number, fn: () => void) => () => void;
  /** Least real time between two publishes, ms. */
  readonly publishEveryMs: number;
  /** Most real time the plain entries work before yielding, ms (one slow suggestion may exceed it). */
  readonly sliceMs: number;
}

/** A plain (strategy, repeat): its study, and its run as plain data, grown trial by trial. */
class PlainRaceRun {
  readonly study: Study;
  private simulatedMs = 0;
  private readonly trials: Trial[] = [];
  private readonly seconds: number[] = [];
  private readonly epochs: number[] = [];
  private readonly lines = { byTrial: new BestSoFarLine(), byTime: new BestSoFarLine(), byEpochs: new BestSoFarLine() };
  note: string | null = null;
  private last: RaceRun | null = null;

  constructor(
    readonly strategy: RaceEntry,
    readonly repeat: number,
    readonly seed: number,
    space: SearchSpace,
  ) {
    this.study = createStudy({ space, sampler: entryPlan(strategy).sampler, seed, clock: () => this.simulatedMs });
  }

  get elapsed(): number {
    return this.seconds.at(-1) ?? 0;
  }

  /** Moves the study's clock to `seconds` (when the next trial starts). */
  startAt(seconds: number): void {
    this.simulatedMs = seconds * 1000;
  }

  /** Records a told trial that ended at `seconds` after `epochs` of compute in all. */
  ended(trial: Trial, seconds: number, epochs: number): void {
    const copy: Trial = Object.freeze({ ...trial, params: { ...trial.params }, intermediate: trial.intermediate.slice() });
    const value = copy.state === 'complete' ? copy.value : null;
    this.trials.push(copy);
    this.seconds.push(seconds);
    this.epochs.push(epochs);
    this.lines.byTrial.add(copy.id + 1, value);
    this.lines.byTime.add(seconds, value);
    this.lines.byEpochs.add(epochs, value);
    this.last = null;
  }

  stopEarly(reason: string): void {
    this.note = reason;
    this.last = null;
  }

  /** The run so far; the same object until it changes. */
  snapshot(): RaceRun {
    this.last ??= {
      strategy: this.strategy,
      repeat: this.repeat,
      seed: this.seed,
      trials: this.trials.slice(),
      seconds: this.seconds.slice(),
      epochs: this.epochs.slice(),
      note: this.note,
      curves: { byTrial: this.lines.byTrial.points(), byTime: this.lines.byTime.points(), byEpochs: this.lines.byEpochs.points() },
      // Trials end in order: the last one has the most seconds and epochs.
      reach: { seconds: this.seconds.at(-1) ?? 0, epochs: this.epochs.at(-1) ?? 0 },
    };
    return this.last;
  }
}

export async function runSyntheticRace(o: SyntheticRaceOptions): Promise<void> {
  const plain = o.entries
    .filter((e) => entryPlan(e).scheduler === null)
    .flatMap((strategy) => Array.from({ length: o.repeats }, (_, repeat) => new PlainRaceRun(strategy, repeat, deriveSeed(o.seed, repeat), o.space)));
  const scheduled = o.entries
    .filter((e) => entryPlan(e).scheduler !== null)
    .flatMap((entry) =>
      Array.from(
        { length: o.repeats },
        (_, repeat) =>
          new ScheduledRaceRun({
            entry,
            objective: o.objective,
            space: o.space,
            structural: o.structural,
            repeat,
            seed: deriveSeed(o.seed, repeat),
            epochsPerTrial: o.epochsPerTrial,
            computeEpochs: o.budget * o.epochsPerTrial,
            cancelled: o.cancelled,
          }),
      ),
    );
  const all: readonly { snapshot(): RaceRun }[] = [...plain, ...scheduled];
  let published: readonly RaceRun[] = [];
  /** Snapshots every run, a slice of them per task, and publishes them when any changed. */
  const publishInSlices = async () => {
    const runs: RaceRun[] = [];
    let sliceStart = o.now();
    for (const run of all) {
      if (o.now() - sliceStart >= o.sliceMs) {
        await o.yieldToPage();
        sliceStart = o.now();
      }
      runs.push(run.snapshot());
    }
    if (runs.length === published.length && runs.every((r, i) => r === published[i])) return;
    published = runs;
    o.publish(runs);
  };
  // The timer asks for a publish; one that comes while another is under way makes it go round once more.
  let publishing: Promise<void> | null = null;
  let again = false;
  const requestPublish = () => {
    if (publishing !== null) {
      again = true;
      return;
    }
    publishing = (async () => {
      do {
        again = false;
        await publishInSlices();
      } while (again);
    })().finally(() => (publishing = null));
  };
  const stopTimer = o.every(o.publishEveryMs, requestPublish);
  try {
    // Setting up the runs' studies and the first trials do not share a task.
    await o.yieldToPage();
    const scheduledDone = Promise.all(scheduled.map((r) => r.run()));
    await runPlain(plain, o);
    await scheduledDone;
  } finally {
    stopTimer();
    await publishing;
    await publishInSlices();
  }
}

/**
 * Round-robin over the plain runs, in slices of at most `sliceMs` between turns of the page. A
 * strategy's ask is itself sliced (a GP's suggestion yields to the page as it goes); its decision
 * time is the time it worked, not the turns the page had meanwhile.
 */
async function runPlain(runs: readonly PlainRaceRun[], o: SyntheticRaceOptions): Promise<void> {
  let sliceStart = o.now();
  let paused = 0;
  const pause = async () => {
    const from = o.now();
    await o.yieldToPage();
    paused += o.now() - from;
  };
  for (let turn = 0; turn < o.budget && !o.cancelled(); turn++) {
    for (const run of runs) {
      if (o.cancelled()) return;
      if (run.note !== null) continue;
      const elapsed = run.elapsed;
      paused = 0;
      const t0 = o.now();
      const pending = run.study.tryAskCooperative(undefined, { budget: { kind: 'time', ms: o.sliceMs }, yieldToPage: pause });
      const asked = pending instanceof Promise ? await pending : pending;
      const decided = (o.now() - t0 - paused) / 1000;
      if (paused > 0) sliceStart = o.now();
      switch (asked.kind) {
        case 'cancelled':
          return;
        case 'exhausted':
          run.stopEarly(asked.reason);
          continue;
        case 'trial':
          break;
        default: {
          const unreachable: never = asked;
          return unreachable;
        }
      }
      const cost = (o.objective.secondsPerEpoch?.(asked.params) ?? 2) * o.epochsPerTrial;
      run.startAt(elapsed + decided);
      run.study.tell(asked.id, o.objective.value(asked.params));
      const told = run.study.trials[run.study.trials.length - 1] as Trial;
      run.ended(told, elapsed + decided + cost, (told.id + 1) * o.epochsPerTrial);
      if (o.now() - sliceStart >= o.sliceMs) {
        await o.yieldToPage();
        sliceStart = o.now();
      }
    }
  }
}
