/**
 * The race maps' points, made once per trial: a run's trials are frozen copies that survive from one
 * publish to the next (race-synthetic.ts, race-scheduled.ts), so their points are the very same
 * objects each redraw and the maps update only the markers of new trials. One instance per pair of
 * map axes.
 *
 *   const points = new RaceMapPoints(space, 'x1', 'x2');
 *   points.of(run);   // [{ u, v, id }, …]; the same array again while the run is unchanged
 */
import { encodeValue, type ParamDef, type ParamValue, type SearchSpace, type Trial } from '../../tuner';
import type { MapPoint } from '../analysis/projection';
import type { RaceRun } from './race-run';

export class RaceMapPoints {
  private readonly byTrial = new WeakMap<Trial, MapPoint | null>();
  private readonly byRun = new WeakMap<RaceRun, readonly MapPoint[]>();
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
  of(run: RaceRun): readonly MapPoint[] {
    let points = this.byRun.get(run);
    if (points === undefined) {
      points = run.trials.map((t) => this.pointOf(t)).filter((p): p is MapPoint => p !== null);
      this.byRun.set(run, points);
    }
    return points;
  }

  private pointOf(t: Trial): MapPoint | null {
    let point = this.byTrial.get(t);
    if (point === undefined) {
      const [u, v] = [t.params[this.x], t.params[this.y]];
      point = u === undefined || v === undefined ? null : { u: encodeValue(this.dx, u as ParamValue), v: encodeValue(this.dy, v as ParamValue), id: t.id };
      this.byTrial.set(t, point);
    }
    return point;
  }
}
