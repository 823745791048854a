/**
 * Manual mode, "grad student descent" against GP-EI: the learner clicks points on the Branin map,
 * the Bayesian optimiser answers with one trial of its own after each click, both on the same
 * budget. The true landscape stays hidden until the end (or until the learner peeks).
 */
import { braninLandscape } from '../../runner';
import { createStudy, validateParams, type Params, type Study, type Trial } from '../../tuner';
import { bestSoFarByTrial, toRegret, type CurvePoint } from '../analysis/curves';
import { defaultSetup } from '../setup/setup-config';
import type { StudySnapshot } from './study-snapshot';

export type DuelPhase = { readonly kind: 'your-turn' } | { readonly kind: 'gp-turn' } | { readonly kind: 'done'; readonly verdict: string };

export interface DuelDeps {
  readonly yieldToPage?: () => Promise<void>;
}

export const DUEL_OBJECTIVE = braninLandscape;

export class ManualDuel {
  budget = $state(12);
  seed = $state(1);
  revealed = $state(false);
  phase = $state<DuelPhase>({ kind: 'your-turn' });
  learnerTrials = $state.raw<readonly Trial[]>([]);
  gpTrials = $state.raw<readonly Trial[]>([]);
  /** Why the last pick was refused, if it was. */
  pickError = $state<string | null>(null);

  readonly learnerCurve: CurvePoint[] = $derived(toRegret(bestSoFarByTrial(this.learnerTrials, 'minimize'), DUEL_OBJECTIVE.fStar));
  readonly gpCurve: CurvePoint[] = $derived(toRegret(bestSoFarByTrial(this.gpTrials, 'minimize'), DUEL_OBJECTIVE.fStar));
  readonly learnerBest = $derived(this.learnerCurve.at(-1)?.y ?? null);
  readonly gpBest = $derived(this.gpCurve.at(-1)?.y ?? null);

  private learner!: Study;
  private gp!: Study;
  private readonly yieldToPage: () => Promise<void>;

  constructor(deps: DuelDeps = {}) {
    this.yieldToPage = deps.yieldToPage ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
    this.reset();
  }

  get space() {
    return DUEL_OBJECTIVE.space;
  }

  /** The learner's study (for saving the duel). */
  get learnerStudy(): Study {
    return this.learner;
  }

  /** The GP study (for the inspector). */
  get gpStudy(): Study {
    return this.gp;
  }

  /**
   * Both players' studies, to keep in Saved (state/study-snapshot.ts), each with its origin: your
   * tries were asked of a random-search study with fixed parameters, so its setup says random search,
   * and the origin says what they were (no sampler chose them; the page will not continue them).
   */
  snapshots(): StudySnapshot[] {
    const base = defaultSetup('branin');
    const setup = (strategy: 'random' | 'gp') => ({ ...base, strategy, seed: this.seed, budget: { ...base.budget, trials: this.budget } });
    const tries = this.learnerTrials.length;
    const game = `Manual duel, seed ${this.seed}, ${tries} of ${this.budget} tries`;
    const origin = (player: 'you' | 'gp') => ({ kind: 'manual-duel' as const, player, seed: this.seed, budget: this.budget, tries });
    return [
      { name: `${game}: your picks`, setup: setup('random'), study: this.learner, origin: origin('you') },
      { name: `${game}: the GP`, setup: setup('gp'), study: this.gp, origin: origin('gp') },
    ];
  }

  reset(): void {
    this.learner = createStudy({ space: DUEL_OBJECTIVE.space, sampler: 'random', seed: this.seed });
    this.gp = createStudy({ space: DUEL_OBJECTIVE.space, sampler: 'gp', seed: this.seed });
    this.learnerTrials = [];
    this.gpTrials = [];
    this.revealed = false;
    this.pickError = null;
    this.phase = { kind: 'your-turn' };
  }

  /** The learner's next trial at `params`; then the GP takes its turn. */
  async pick(params: Params): Promise<void> {
    if (this.phase.kind !== 'your-turn') return;
    let checked: Params;
    try {
      checked = validateParams(DUEL_OBJECTIVE.space, params);
    } catch (error) {
      this.pickError = error instanceof Error ? error.message : String(error);
      return;
    }
    this.pickError = null;
    const mine = this.learner.ask(checked);
    this.learner.tell(mine.id, DUEL_OBJECTIVE.value(mine.params));
    this.learnerTrials = this.learner.trials.map((t) => ({ ...t }));
    this.phase = { kind: 'gp-turn' };
    await this.yieldToPage();
    const theirs = this.gp.ask();
    this.gp.tell(theirs.id, DUEL_OBJECTIVE.value(theirs.params));
    this.gpTrials = this.gp.trials.map((t) => ({ ...t }));
    this.phase = this.learnerTrials.length >= this.budget ? { kind: 'done', verdict: this.verdict() } : { kind: 'your-turn' };
    if (this.phase.kind === 'done') this.revealed = true;
  }

  private verdict(): string {
    const mine = this.learnerBest ?? Infinity;
    const theirs = this.gpBest ?? Infinity;
    const fmt = (r: number) => r.toPrecision(3);
    if (mine < theirs) return `You win: your best is ${fmt(mine)} above the optimum, the GP’s ${fmt(theirs)}.`;
    if (mine > theirs) return `The GP wins: its best is ${fmt(theirs)} above the optimum, yours ${fmt(mine)}.`;
    return `A draw at ${fmt(mine)} above the optimum.`;
  }
}
