/**
 * The race maps' points, made once per trial: a run's trials are frozen copies that survive from one
 * publish to the next (race-synthetic.ts, race-scheduled.ts), so their points are the very same
 * objects each redraw and the maps update only the markers of new trials. One instance per pair of
 * map axes.
 *
 *   const points = new RaceMapPoints(space, 'x1', 'x2');
 *   points.of(run);   // [{ u, v, id, value }, …]; the same array again while the run is unchanged
 *
 * A point's value is its trial's objective when complete (null otherwise): the maps keep the best
 * point where they thin crowded markers (charts/map-marks.ts).
 */
import { encodeValue, type ParamDef, type ParamValue, type SearchSpace, type Trial } from '../../tuner';
import type { MapPoint } from '../analysis/projection';
import type { RaceRun } from './race-run';

export interface RaceMapPoint extends MapPoint {
  readonly value: number | null;
}

export class RaceMapPoints {
  private readonly byTrial = new WeakMap<Trial, RaceMapPoint | null>();
  private readonly byRun = new WeakMap<RaceRun, readonly RaceMapPoint[]>();
  private readonly dx: ParamDef;
  private readonly dy: ParamDef;

  constructor(
    space: SearchSpace,
    private readonly x: string,
    private readonly y: string,
  ) {
    const dx = space[x];
    const dy = space[y];
    if (dx === undefined || dy === undefined) throw new RangeError(`RaceMapPoints: no parameter "${dx === undefined ? x : y}"`);
    this.dx = dx;
    this.dy = dy;
  }

  /** Every trial of the run that has both parameters, in trial order. */
  of(run: RaceRun): readonly RaceMapPoint[] {
    let points = this.byRun.get(run);
    if (points === undefined) {
      points = run.trials.map((t) => this.pointOf(t)).filter((p): p is RaceMapPoint => p !== null);
      this.byRun.set(run, points);
    }
    return points;
  }

  private pointOf(t: Trial): RaceMapPoint | null {
    let point = this.byTrial.get(t);
    if (point === undefined) {
      const [u, v] = [t.params[this.x], t.params[this.y]];
      const value = t.state === 'complete' ? t.value : null;
      point = u === undefined || v === undefined ? null : { u: encodeValue(this.dx, u as ParamValue), v: encodeValue(this.dy, v as ParamValue), id: t.id, value };
      this.byTrial.set(t, point);
    }
    return point;
  }
}

/** Every trial of the runs, without copying them into one array. */
export function* trialsOf(runs: readonly RaceRun[]): Generator<Trial> {
  for (const run of runs) yield* run.trials;
}
