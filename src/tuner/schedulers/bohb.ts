/**
 * BOHB-style scheduling (Falkner et al. 2018, with a GP instead of TPE): Hyperband allocates the
 * budget; new configurations come from a GP-EI model fitted on the highest rung that has enough
 * observations, so cheap low-budget results steer the search until high-budget ones exist.
 *
 * Notation: D_e = {(x_i, ℓ_i(e))}: configurations and losses recorded at level e (rungs, and R for
 * trials that completed). e* = max{e : |D_e| ≥ minObservations}. With probability randomFraction,
 * or while no e* exists, x ~ U(space); otherwise x = argmax log EI(x | GP fitted on D_e*), with the
 * trials running now as pending points (kriging believers).
 */
import { createRng, deriveSeed } from '../rng';
import type { Params } from '../space/types';
import { GpSampler } from '../samplers/gp';
import { RandomSampler } from '../samplers/random';
import type { Sliced } from '../slices';
import type { Trial } from '../trial/trial';
import { lossAt } from './base';
import { HyperbandScheduler } from './hyperband';
import { intOption, numOption } from './options';
import { SchedulerError, type SchedulerContext } from './types';

const BOHB_SALT = 0xb0b;

/** BOHB-style scheduling (`'bohb'`): Hyperband's budgets, with configurations proposed by a GP fitted on the highest well-filled rung. */
export class BohbScheduler extends HyperbandScheduler {
  readonly minObservations: number;
  readonly randomFraction: number;
  private readonly gp = new GpSampler({ startupTrials: 1 });
  private readonly random = new RandomSampler({});
  /** The level the last GP proposal was fitted on, or null for a random one (for tests and UIs). */
  lastFitLevel: number | null = null;

  constructor(options: Record<string, unknown> = {}) {
    super(options, 'bohb', ['minObservations', 'randomFraction']);
    this.minObservations = intOption('bohb', options, 'minObservations', 6, 2);
    this.randomFraction = numOption('bohb', options, 'randomFraction', 1 / 3, 0, 1);
    this.options = { ...this.options, minObservations: this.minObservations, randomFraction: this.randomFraction };
  }

  /**
   * The GP's proposal runs in slices (the GP sampler's `suggestSliced`) on D_e* as it was when the
   * decision began; the GP sampler commits its own state only at the end, and `lastFitLevel` is set
   * with the answer.
   */
  protected override *proposeSliced(ctx: SchedulerContext): Sliced<Params> {
    const rng = createRng(deriveSeed(ctx.studySeed, ctx.nextTrialId, BOHB_SALT));
    const sampler = { space: ctx.space, direction: 'minimize' as const, rng, studySeed: ctx.studySeed };
    const level = rng.next() < this.randomFraction ? null : this.fitLevel(ctx);
    if (level === null) {
      const s = this.random.suggest({ ...sampler, trials: [], trialId: ctx.nextTrialId });
      this.lastFitLevel = null;
      if (s.kind === 'params') return s.params;
      throw new SchedulerError('bohb scheduler: the random sampler returned no params');
    }
    const trials = this.dataset(ctx, level);
    yield { phase: 'history', work: 50 * ctx.trials.length };
    const s = yield* this.gp.suggestSliced({ ...sampler, trials, trialId: trials.length });
    this.lastFitLevel = level;
    if (s.kind === 'params') return s.params;
    // A discrete space fully covered at this level: any configuration will do.
    const r = this.random.suggest({ ...sampler, trials: [], trialId: ctx.nextTrialId });
    if (r.kind === 'params') return r.params;
    throw new SchedulerError(`bohb scheduler: ${s.reason}`);
  }

  protected override saveExtra(): unknown {
    return { halving: super.saveExtra(), gp: this.gp.saveState() };
  }

  protected override loadExtra(extra: unknown): void {
    const e = extra as { halving?: unknown; gp?: unknown } | null;
    if (e === null || typeof e !== 'object') throw new SchedulerError('bohb scheduler: state.extra must be an object');
    super.loadExtra(e.halving);
    this.gp.loadState(e.gp);
  }

  /** e*: the highest level (rung epoch or R) with at least minObservations losses, or null. */
  private fitLevel(ctx: SchedulerContext): number | null {
    const levels = [...this.levels, this.maxEpochs].sort((a, b) => b - a);
    for (const e of levels) if (this.observed(ctx, e).length >= this.minObservations) return e;
    return null;
  }

  private observed(ctx: SchedulerContext, epoch: number): Array<{ params: Params; loss: number }> {
    const out: Array<{ params: Params; loss: number }> = [];
    for (const t of ctx.trials) {
      if (this.book[t.id] === undefined || t.state === 'failed') continue;
      const loss = lossAt(ctx, t.id, epoch);
      if (loss !== undefined && Number.isFinite(loss)) out.push({ params: t.params, loss });
    }
    return out;
  }

  /** D_e* as complete trials (value = loss, minimised), plus the running trials as pending. */
  private dataset(ctx: SchedulerContext, level: number): Trial[] {
    const rows: Trial[] = this.observed(ctx, level).map((o, i) => ({
      id: i,
      params: o.params,
      state: 'complete',
      value: o.loss,
      intermediate: [],
      startedAt: 0,
      endedAt: 0,
      reason: null,
    }));
    for (const id of this.idsWith('running')) {
      const t = ctx.trials[id];
      if (t === undefined || lossAt(ctx, id, level) !== undefined) continue;
      rows.push({ id: rows.length, params: t.params, state: 'running', value: null, intermediate: [], startedAt: 0, endedAt: null, reason: null });
    }
    return rows;
  }
}
