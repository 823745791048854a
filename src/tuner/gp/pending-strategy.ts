/**
 * The objective's acquisition with running trials accounted for, one of three ways:
 *   'believer'   the GP conditioned on its own mean at each running trial, bounded below by the
 *                incumbent (kriging believer that never beats f*), log EI against the observed
 *                incumbent (model.ts)
 *   'fantasies'  log EI averaged over joint draws of the running trials' results (pending-fantasies.ts)
 *   'penalise'   log EI of the GP on finished trials with a soft exclusion ball around each running
 *                trial (local-penalisation.ts)
 * Without running trials every strategy is plain log EI.
 */
import type { Rng } from '../rng';
import { LogExpectedImprovement, type Acquisition } from './acquisition';
import { LocallyPenalisedLogEi } from './local-penalisation';
import type { GpModel } from './model';
import { FantasyLogEi } from './pending-fantasies';
import type { GpRegressor } from './regressor';

/** How the GP sampler accounts for running trials (its `pendingStrategy` option). */
export type PendingStrategy = 'believer' | 'fantasies' | 'penalise';

/** Every pending strategy, the default first. */
export const PENDING_STRATEGIES: readonly PendingStrategy[] = ['believer', 'fantasies', 'penalise'];

/** Draws of the pending results that 'fantasies' averages over. */
export const FANTASY_DRAWS = 16;

/** log EI of the objective over `model`, with the running trials' encoded inputs `pending` accounted for by `strategy`. */
export function pendingAwareLogEi(model: GpModel, pending: readonly Float64Array[], strategy: PendingStrategy, rng: Rng): Acquisition {
  const chosen = pending.length === 0 ? 'believer' : strategy;
  switch (chosen) {
    case 'believer':
      return new LogExpectedImprovement(model.withPending, model.incumbent);
    case 'fantasies':
      // Fantasies are drawn around the posterior means themselves, not the believers bounded by f*.
      return new FantasyLogEi({ regressor: model.regressor, withPending: conditionedOnMeans(model.regressor, pending), observedRows: model.ranked.length }, FANTASY_DRAWS, rng);
    case 'penalise':
      return new LocallyPenalisedLogEi(model.regressor, pending, model.incumbent, rng);
    default: {
      const unknown: never = chosen;
      throw new Error(`gp sampler: unknown pending strategy ${String(unknown)}`);
    }
  }
}

/** The GP with each pending input appended at its own posterior mean (unbounded kriging believers). */
function conditionedOnMeans(gp: GpRegressor, pending: readonly Float64Array[]): GpRegressor {
  const d = gp.d;
  const Xp = new Float64Array(pending.length * d);
  const yp = new Float64Array(pending.length);
  pending.forEach((x, k) => {
    Xp.set(x, k * d);
    yp[k] = gp.posterior(x).mean;
  });
  return gp.withRows(Xp, pending.length, yp);
}
