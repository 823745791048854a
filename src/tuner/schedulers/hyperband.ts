/**
 * Hyperband as brackets of asynchronous successive halving (Li et al. 2020, Syne Tune's
 * `HyperbandScheduler`). New trials go to brackets in a fixed cycle (rungs.ts); inside its bracket
 * a trial that reaches a rung either passes (top 1/η of the rung so far) or waits:
 *   - mode 'promotion' (default): it pauses; a later `next` resumes the best paused trial that has
 *     entered its rung's top ⌊n/η⌋ to the next level (asynchronous promotion), before it starts
 *     anything new. (A trial already in the top when it arrives is the one promoted next.)
 *   - mode 'stopping': it continues if it is in the top ⌈n/η⌉, and is stopped otherwise.
 * ASHA is this with one bracket (asha.ts); BOHB replaces the sampler's proposals (bohb.ts).
 *
 * Notation: see rungs.ts (r, η, R, L_k, K, bracket s).
 */
import type { Params } from '../space/types';
import { runSliced, type Sliced } from '../slices';
import { BaseScheduler, lossAt, type BookEntry } from './base';
import { checkKeys, enumOption, intOption } from './options';
import { addRecord, bracketCycle, rungLevels, topIds, type Rung } from './rungs';
import { SchedulerError, type SchedulerContext, type SchedulerName, type StartDecision, type TrialDecision } from './types';

/** How successive halving holds back a trial at a rung: pause it for a later promotion, or stop it. */
export type HalvingMode = 'promotion' | 'stopping';

interface HalvingState {
  brackets: Rung[][];
  bracketOf: Record<string, number>;
  cycleIndex: number;
}

export const HALVING_KEYS = ['maxEpochs', 'minEpochs', 'reductionFactor', 'mode'] as const;

/** Hyperband (`'hyperband'`): brackets of asynchronous successive halving, new trials assigned to brackets in a fixed cycle. */
export class HyperbandScheduler extends BaseScheduler {
  readonly name: SchedulerName;
  /** Not readonly only so that subclasses can add their defaults in their constructor. */
  options: Readonly<Record<string, unknown>>;
  readonly maxEpochs: number;
  readonly minEpochs: number;
  readonly eta: number;
  readonly mode: HalvingMode;
  /** L_0 … L_{K−1}. */
  readonly levels: readonly number[];
  /** Bracket of each new trial, cycled. */
  readonly cycle: readonly number[];
  protected state: HalvingState;

  /**
   * @param extraKeys options a subclass reads itself (they are accepted here, not validated).
   * @param fixedBrackets ASHA's 1; otherwise option `brackets` (default K + 1, all of them).
   */
  constructor(options: Record<string, unknown> = {}, name: SchedulerName = 'hyperband', extraKeys: readonly string[] = [], fixedBrackets: number | null = null) {
    super();
    this.name = name;
    const keys = [...HALVING_KEYS, ...(fixedBrackets === null ? ['brackets'] : []), ...extraKeys];
    const o = checkKeys(name, options, keys);
    this.maxEpochs = intOption(name, o, 'maxEpochs', null, 1);
    this.minEpochs = intOption(name, o, 'minEpochs', 1, 1, this.maxEpochs);
    this.eta = intOption(name, o, 'reductionFactor', 3, 2, 100);
    this.mode = enumOption<HalvingMode>(name, o, 'mode', 'promotion', ['promotion', 'stopping']);
    this.levels = rungLevels(this.minEpochs, this.eta, this.maxEpochs);
    const brackets = fixedBrackets ?? intOption(name, o, 'brackets', this.levels.length + 1, 1, this.levels.length + 1);
    this.cycle = bracketCycle(this.levels.length, this.eta, brackets);
    const base: Record<string, unknown> = { maxEpochs: this.maxEpochs, minEpochs: this.minEpochs, reductionFactor: this.eta, mode: this.mode };
    if (fixedBrackets === null) base.brackets = brackets;
    for (const k of extraKeys) if (o[k] !== undefined) base[k] = JSON.parse(JSON.stringify(o[k])) as unknown;
    this.options = base;
    this.state = this.emptyState(brackets);
  }

  /** The bracket each started trial belongs to. */
  bracketOf(trialId: number): number | null {
    return this.state.bracketOf[trialId] ?? null;
  }

  /** Rungs of bracket s (read-only view for tests and UIs). */
  rungs(bracket: number): readonly Rung[] {
    return this.state.brackets[bracket] ?? [];
  }

  /**
   * Params for a new trial, or null to let the study's sampler propose (BOHB overrides), as slices
   * that leave the scheduler's state alone until the decision is made.
   */
  protected *proposeSliced(_ctx: SchedulerContext): Sliced<Params | null> {
    return null;
  }

  protected decideNext(ctx: SchedulerContext): StartDecision {
    return runSliced(this.decideNextSliced(ctx));
  }

  /** Promotions are found (and recorded) before any pause; a new trial's bracket is recorded after the proposal. */
  protected override *decideNextSliced(ctx: SchedulerContext): Sliced<StartDecision> {
    if (this.mode === 'promotion') {
      const promotion = this.findPromotion();
      if (promotion !== null) return promotion;
    }
    if (!ctx.allowNewTrials) return { kind: 'wait', reason: 'no new trials are allowed and no paused trial can be promoted' };
    const s = this.cycle[this.state.cycleIndex % this.cycle.length] as number;
    const untilEpoch = this.mode === 'promotion' ? (this.levels[s] ?? this.maxEpochs) : this.maxEpochs;
    const params = this.exhausted ? null : yield* this.proposeSliced(ctx);
    const d: StartDecision = params === null ? this.startFromSampler(ctx, untilEpoch, `a new configuration in bracket ${s}`) : { kind: 'start', params, untilEpoch, reason: `${this.name} proposal in bracket ${s}` };
    if (d.kind === 'start') {
      this.state.bracketOf[ctx.nextTrialId] = s;
      this.state.cycleIndex++;
    }
    return d;
  }

  protected decideResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision {
    const s = this.state.bracketOf[trialId];
    if (s === undefined) throw new SchedulerError(`${this.name} scheduler: trial ${trialId} has no bracket`);
    const rung = this.state.brackets[s]?.find((r) => r.epoch === epoch);
    if (rung === undefined) return { kind: 'continue' };
    addRecord(rung, trialId, lossAt(ctx, trialId, epoch) ?? Infinity);
    const where = `rung ${epoch} of bracket ${s} (${rung.records.length} trials)`;
    if (this.mode === 'promotion') {
      // Paused even when already in the top: the next `next` promotes it (resume), since a
      // running trial's budget never grows.
      return { kind: 'pause', reason: `reached ${where}; waits for promotion to ${this.levelAfter(epoch)} epochs` };
    }
    if (topIds(rung, this.eta, 'stopping').includes(trialId)) {
      rung.promoted.push(trialId);
      return { kind: 'continue' };
    }
    return { kind: 'stop', reason: `not in the top 1/${this.eta} of ${where}` };
  }

  protected forget(trialId: number): void {
    if (this.state.bracketOf[trialId] !== undefined) {
      delete this.state.bracketOf[trialId];
      this.state.cycleIndex--;
    }
  }

  protected saveExtra(): unknown {
    return this.state;
  }

  protected loadExtra(extra: unknown): void {
    const e = extra as Partial<HalvingState> | null;
    if (e === null || typeof e !== 'object' || !Array.isArray(e.brackets) || e.brackets.length !== this.state.brackets.length || typeof e.bracketOf !== 'object' || !Number.isInteger(e.cycleIndex)) {
      throw new SchedulerError(`${this.name} scheduler: state.extra must hold ${this.state.brackets.length} brackets, bracketOf and cycleIndex`);
    }
    this.state = e as HalvingState;
  }

  private emptyState(brackets: number): HalvingState {
    return {
      brackets: Array.from({ length: brackets }, (_, s) => this.levels.slice(s).map((epoch) => ({ epoch, records: [], promoted: [] }))),
      bracketOf: {},
      cycleIndex: 0,
    };
  }

  private levelAfter(epoch: number): number {
    return this.levels.find((l) => l > epoch) ?? this.maxEpochs;
  }

  /** The best paused trial in the top of its rung, highest rungs first. */
  private findPromotion(): StartDecision | null {
    const rungs = this.state.brackets.flatMap((b, s) => b.map((rung) => ({ rung, s }))).sort((a, b) => b.rung.epoch - a.rung.epoch || a.s - b.s);
    for (const { rung, s } of rungs) {
      for (const id of topIds(rung, this.eta, 'promotion')) {
        if (rung.promoted.includes(id) || this.book[id]?.status !== 'paused') continue;
        rung.promoted.push(id);
        const entry = this.book[id] as BookEntry;
        return { kind: 'resume', trialId: id, fromEpoch: entry.lastEpoch, untilEpoch: this.levelAfter(rung.epoch), reason: `promoted from rung ${rung.epoch} of bracket ${s}` };
      }
    }
    return null;
  }
}
