/**
 * Population-based training (Jaderberg et al. 2017), asynchronous as in Syne Tune.
 * `populationSize` trials start from scratch and train to R. Every `readyEvery` epochs a trial
 * compares its loss with the other trials' losses at the same epoch: if it is in the bottom
 * quantile it is stopped (exploit), and a new trial starts from the checkpoint of a trial drawn from
 * the top quantile, with that trial's hyperparameters perturbed (explore, pbt-explore.ts). Only
 * *algorithm* hyperparameters (those named in `hyperparameters`) change: a copied network cannot
 * change shape, so structural names are refused. Lineage records who came from whom.
 *
 * Notation: e = epoch, P(e) = trials (not failed) that reported e, n = |P(e)|, q = quantile,
 * k = max(1, ⌊n·q⌋): bottom = the k worst of P(e), top = the k best. Needs n ≥ 2.
 */
import { createRng, deriveSeed } from '../rng';
import type { Params } from '../space/types';
import { BaseScheduler, lossAt } from './base';
import { checkKeys, intOption, namesOption, numOption } from './options';
import { perturb } from './pbt-explore';
import { SchedulerError, type LineageEntry, type SchedulerContext, type StartDecision, type TrialDecision } from './types';

/** Hyperparameters of this app's networks that change their shape (src/training/config.ts). */
export const STRUCTURAL_HYPERPARAMETERS: readonly string[] = ['convBlocks', 'filters', 'kernelSize', 'denseUnits', 'batchNorm'];

const PBT_SALT = 0x9b7;

interface Clone {
  fromTrialId: number;
  fromEpoch: number;
  params: Params;
  changed: string[];
}

/** A trial stopped at `epoch` for being in the bottom quantile; its replacement is due. */
interface Exploit {
  trialId: number;
  epoch: number;
}

interface PbtState {
  roots: number;
  queue: Exploit[];
  lineage: LineageEntry[];
}

/** Population-based training (`'pbt'`): trials in the bottom quantile continue from a top trial's checkpoint with perturbed `hyperparameters`. */
export class PbtScheduler extends BaseScheduler {
  readonly name = 'pbt' as const;
  readonly options: Readonly<Record<string, unknown>>;
  readonly maxEpochs: number;
  readonly readyEvery: number;
  readonly populationSize: number;
  readonly quantile: number;
  readonly resampleProbability: number;
  readonly hyperparameters: readonly string[];
  readonly structural: readonly string[];
  private state: PbtState = { roots: 0, queue: [], lineage: [] };

  constructor(options: Record<string, unknown> = {}) {
    super();
    const o = checkKeys('pbt', options, ['maxEpochs', 'readyEvery', 'populationSize', 'quantile', 'resampleProbability', 'hyperparameters', 'structural']);
    this.maxEpochs = intOption('pbt', o, 'maxEpochs', null, 2);
    this.readyEvery = intOption('pbt', o, 'readyEvery', Math.max(1, Math.floor(this.maxEpochs / 5)), 1, this.maxEpochs - 1);
    this.populationSize = intOption('pbt', o, 'populationSize', 8, 2);
    this.quantile = numOption('pbt', o, 'quantile', 0.25, 0.01, 0.5);
    this.resampleProbability = numOption('pbt', o, 'resampleProbability', 0.25, 0, 1);
    this.structural = namesOption('pbt', o, 'structural', STRUCTURAL_HYPERPARAMETERS);
    this.hyperparameters = namesOption('pbt', o, 'hyperparameters', null);
    if (this.hyperparameters.length === 0) throw new SchedulerError('pbt scheduler: option "hyperparameters" must name at least one algorithm hyperparameter');
    const bad = this.hyperparameters.filter((h) => this.structural.includes(h));
    if (bad.length > 0) {
      throw new SchedulerError(
        `pbt scheduler: cannot perturb ${bad.map((b) => `"${b}"`).join(', ')}: structural hyperparameters change the network's shape, ` +
          `and a trial that copies another's checkpoint cannot change shape; list only algorithm hyperparameters (e.g. learningRate, weightDecay)`,
      );
    }
    this.options = {
      maxEpochs: this.maxEpochs,
      readyEvery: this.readyEvery,
      populationSize: this.populationSize,
      quantile: this.quantile,
      resampleProbability: this.resampleProbability,
      hyperparameters: this.hyperparameters.slice(),
      structural: this.structural.slice(),
    };
  }

  /** Every trial PBT started, with the parent and epoch it was cloned from and the hyperparameters it changed. */
  override lineage(): readonly LineageEntry[] {
    return this.state.lineage;
  }

  protected decideNext(ctx: SchedulerContext): StartDecision {
    this.checkSpace(ctx);
    if (!ctx.allowNewTrials) return { kind: 'wait', reason: 'no new trials are allowed' };
    const exploit = this.state.queue.shift();
    if (exploit !== undefined) {
      const clone = this.cloneFor(ctx, exploit);
      if (clone !== null) {
        this.state.lineage.push({ trialId: ctx.nextTrialId, parentId: clone.fromTrialId, atEpoch: clone.fromEpoch, changed: clone.changed });
        return { kind: 'clone', fromTrialId: clone.fromTrialId, fromEpoch: clone.fromEpoch, params: clone.params, untilEpoch: this.maxEpochs, reason: clone.reason };
      }
      // Every top trial has finished since: the replacement starts from scratch instead.
      this.state.roots--;
    }
    if (this.state.roots >= this.populationSize) return { kind: 'wait', reason: `the population of ${this.populationSize} is complete` };
    const d = this.startFromSampler(ctx, this.maxEpochs, `population member ${this.state.roots + 1} of ${this.populationSize}`);
    if (d.kind === 'start') {
      this.state.roots++;
      this.state.lineage.push({ trialId: ctx.nextTrialId, parentId: null, atEpoch: 0, changed: [] });
    }
    return d;
  }

  protected decideResult(ctx: SchedulerContext, trialId: number, epoch: number): TrialDecision {
    if (epoch % this.readyEvery !== 0 || epoch >= this.maxEpochs) return { kind: 'continue' };
    const population = this.population(ctx, epoch);
    if (population.length < 2) return { kind: 'continue' };
    const k = Math.max(1, Math.floor(population.length * this.quantile));
    if (!population.slice(-k).some((p) => p.id === trialId)) return { kind: 'continue' };
    if (this.parents(ctx, { trialId, epoch }).length === 0) return { kind: 'continue' };
    this.state.queue.push({ trialId, epoch });
    return { kind: 'stop', reason: `bottom ${Math.round(this.quantile * 100)}% at epoch ${epoch}: replaced by a copy of a top trial` };
  }

  /** P(e) sorted best first. */
  private population(ctx: SchedulerContext, epoch: number): Array<{ id: number; loss: number }> {
    const out: Array<{ id: number; loss: number }> = [];
    for (const t of ctx.trials) {
      if (t.state === 'failed' || this.book[t.id] === undefined) continue;
      const loss = lossAt(ctx, t.id, epoch);
      if (loss !== undefined) out.push({ id: t.id, loss });
    }
    return out.sort((a, b) => a.loss - b.loss || a.id - b.id);
  }

  /** Top-quantile trials at the exploit's epoch that can still hand over a checkpoint (< R, not failed). */
  private parents(ctx: SchedulerContext, exploit: Exploit): number[] {
    const population = this.population(ctx, exploit.epoch);
    const k = Math.max(1, Math.floor(population.length * this.quantile));
    return population
      .slice(0, k)
      .map((p) => p.id)
      .filter((id) => id !== exploit.trialId && (this.book[id]?.lastEpoch ?? this.maxEpochs) < this.maxEpochs);
  }

  /** Exploit (copy a top trial's latest checkpoint) and explore (perturb its hyperparameters). */
  private cloneFor(ctx: SchedulerContext, exploit: Exploit): (Clone & { reason: string }) | null {
    const parents = this.parents(ctx, exploit);
    if (parents.length === 0) return null;
    const rng = createRng(deriveSeed(ctx.studySeed, exploit.trialId, exploit.epoch, PBT_SALT));
    const parentId = parents[rng.int(0, parents.length)] as number;
    const parent = ctx.trials[parentId];
    if (parent === undefined) return null;
    const fromEpoch = this.book[parentId]?.lastEpoch ?? exploit.epoch;
    const explored = perturb(ctx.space, parent.params, this.hyperparameters, this.resampleProbability, rng);
    const what = explored.changed.length === 0 ? 'unchanged hyperparameters' : `perturbed ${explored.changed.join(', ')}`;
    return { fromTrialId: parentId, fromEpoch, params: explored.params, changed: explored.changed, reason: `replaces trial ${exploit.trialId}: copy of trial ${parentId} at epoch ${fromEpoch}, ${what}` };
  }

  protected forget(trialId: number): void {
    const at = this.state.lineage.findIndex((l) => l.trialId === trialId);
    if (at >= 0) this.state.lineage.splice(at, 1);
    this.state.roots--;
  }

  protected saveExtra(): unknown {
    return this.state;
  }

  protected loadExtra(extra: unknown): void {
    const e = extra as Partial<PbtState> | null;
    if (e === null || typeof e !== 'object' || !Number.isInteger(e.roots) || !Array.isArray(e.queue) || !Array.isArray(e.lineage)) {
      throw new SchedulerError('pbt scheduler: state.extra must hold roots, queue and lineage');
    }
    this.state = e as PbtState;
  }

  private checkSpace(ctx: SchedulerContext): void {
    const missing = this.hyperparameters.filter((h) => ctx.space[h] === undefined);
    if (missing.length > 0) throw new SchedulerError(`pbt scheduler: hyperparameters ${missing.map((m) => `"${m}"`).join(', ')} are not in the search space`);
  }
}
