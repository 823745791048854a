/**
 * The landing demo: every strategy races on the same 2-D landscape with the same budget, one trial
 * each per turn, so the page shows where each spends its budget and how fast it finds the minimum.
 * Runs on the main thread and yields to the browser between turns.
 */
import { createStudy, SAMPLER_NAMES, type SamplerName, type Study } from '../../tuner';
import { braninLandscape } from '../../runner/synthetic-objectives';

export interface RacePoint {
  /** Position on the map, both in [0, 1] (x1 left→right, x2 bottom→top). */
  readonly u: number;
  readonly v: number;
  readonly value: number;
}

export interface Lane {
  readonly sampler: SamplerName;
  points: RacePoint[];
  /** Best-so-far regret f(best) − f* after each trial. */
  regret: number[];
  /** Set when the strategy stopped early (e.g. an exhausted grid) or failed. */
  note: string | null;
}

const landscape = braninLandscape;
const X1 = { low: -5, high: 10 };
const X2 = { low: 0, high: 15 };

export class LandscapeRace {
  budget = $state(30);
  seed = $state(1);
  lanes = $state<Lane[]>(freshLanes());
  running = $state(false);
  turn = $state(0);
  private cancelled = false;

  readonly leader = $derived.by(() => {
    let best: Lane | null = null;
    for (const lane of this.lanes) {
      const r = lane.regret.at(-1);
      if (r !== undefined && (best === null || r < (best.regret.at(-1) as number))) best = lane;
    }
    return best;
  });

  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cancelled = false;
    this.lanes = freshLanes();
    this.turn = 0;
    const studies = new Map<SamplerName, Study>(
      SAMPLER_NAMES.map((name) => [name, createStudy({ space: landscape.space, sampler: name, seed: this.seed })]),
    );
    try {
      for (let t = 0; t < this.budget && !this.cancelled; t++) {
        for (const lane of this.lanes) this.step(lane, studies.get(lane.sampler) as Study);
        this.turn = t + 1;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.cancelled = true;
  }

  private step(lane: Lane, study: Study): void {
    if (lane.note !== null) return;
    try {
      const asked = study.tryAsk();
      if (asked.kind === 'exhausted') {
        lane.note = asked.reason;
        return;
      }
      const value = landscape.value(asked.params);
      study.tell(asked.id, value);
      lane.points.push({
        u: (Number(asked.params.x1) - X1.low) / (X1.high - X1.low),
        v: (Number(asked.params.x2) - X2.low) / (X2.high - X2.low),
        value,
      });
      lane.regret.push(Math.max(0, (study.best?.value ?? value) - landscape.fStar));
    } catch (e) {
      lane.note = `failed: ${(e as Error).message}`;
    }
  }
}

function freshLanes(): Lane[] {
  return SAMPLER_NAMES.map((sampler) => ({ sampler, points: [], regret: [], note: null }));
}

/** The landscape's value at map position (u, v) ∈ [0, 1]², for drawing it. */
export function landscapeAt(u: number, v: number): number {
  return landscape.value({ x1: X1.low + u * (X1.high - X1.low), x2: X2.low + v * (X2.high - X2.low) });
}
