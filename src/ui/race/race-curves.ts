/**
 * A race's aggregated curves, kept up to date off the page's render: each new set of runs is
 * aggregated a strategy at a time, with a turn for the page whenever a slice has used its time, and
 * the curves are handed over once every strategy is done. A strategy whose runs and grids did not
 * change since the last aggregation keeps its curves. A newer set of runs that arrives while one
 * is being aggregated waits for it (no work is thrown away, so a busy race still gets curves) and
 * is then aggregated in its place; sets in between are skipped.
 *
 *   const curves = new RaceCurves({ now, yieldToPage, sliceMs: 8, onCurves: (c) => (state.curves = c) });
 *   void curves.update({ runs, strategies, optimum, budget });
 *   await curves.settled();          // the latest update's curves have been handed over
 */
import type { RaceEntry } from './race-entries';
import { curveGrids, strategyCurves, type CurveGrids, type RaceRun, type StrategyCurves } from './race-run';

export interface CurvesInput {
  readonly runs: readonly RaceRun[];
  readonly strategies: readonly RaceEntry[];
  readonly optimum: number | null;
  /** Trials per plain entry (the trial axis spans at least this many). */
  readonly budget: number;
}

export interface RaceCurvesOptions {
  /** Real time, ms. */
  readonly now: () => number;
  /** Gives the page a turn between slices. */
  readonly yieldToPage: () => Promise<void>;
  /** Most real time one slice works before yielding, ms (one strategy is never split). */
  readonly sliceMs: number;
  /** Receives the curves of every strategy, in `strategies` order, once all are aggregated. */
  readonly onCurves: (curves: StrategyCurves[]) => void;
}

/** What one strategy's curves were made from: reused while all of it is the same. */
interface Made {
  readonly runs: readonly RaceRun[];
  readonly grids: CurveGrids;
  readonly optimum: number | null;
  readonly curves: StrategyCurves;
}

export class RaceCurves {
  private pending: CurvesInput | null = null;
  private working: Promise<void> | null = null;
  private readonly made = new Map<RaceEntry, Made>();

  constructor(private readonly o: RaceCurvesOptions) {}

  /** Aggregates `input` (or a later input, if one comes first); resolves once its curves were handed over. */
  update(input: CurvesInput): Promise<void> {
    this.pending = input;
    this.working ??= this.drain().finally(() => (this.working = null));
    return this.working;
  }

  /** Resolves once no aggregation is pending or under way. */
  settled(): Promise<void> {
    return this.working ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    let sliceStart = this.o.now();
    while (this.pending !== null) {
      const input = this.pending;
      this.pending = null;
      const grids = curveGrids(input.runs, input.budget);
      const out: StrategyCurves[] = [];
      for (const strategy of input.strategies) {
        if (this.o.now() - sliceStart >= this.o.sliceMs) {
          await this.o.yieldToPage();
          sliceStart = this.o.now();
        }
        out.push(this.curvesOf(strategy, input, grids));
      }
      this.o.onCurves(out);
    }
  }

  private curvesOf(strategy: RaceEntry, input: CurvesInput, grids: CurveGrids): StrategyCurves {
    const mine = input.runs.filter((r) => r.strategy === strategy);
    const before = this.made.get(strategy);
    if (before !== undefined && before.optimum === input.optimum && sameRuns(before.runs, mine) && sameGrids(before.grids, grids)) return before.curves;
    const curves = strategyCurves(strategy, mine, grids, input.optimum);
    this.made.set(strategy, { runs: mine, grids, optimum: input.optimum, curves });
    return curves;
  }
}

function sameRuns(a: readonly RaceRun[], b: readonly RaceRun[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

function sameXs(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameGrids(a: CurveGrids, b: CurveGrids): boolean {
  return sameXs(a.trialXs, b.trialXs) && sameXs(a.timeXs, b.timeXs) && sameXs(a.epochXs, b.epochXs);
}
