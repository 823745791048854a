/**
 * Study files the end-to-end tests import: random search on the page's Branin setup, made in Node
 * with the engine and the page's own file writer, deterministic for a given seed.
 */
import { createRng, createStudy, type Params, type Rng, type TellOutcome } from '../../src/tuner';
import { createSavedStudy, studyFileText } from '../../src/ui/persistence';
import { defaultSetup, validateSetup } from '../../src/ui/setup/setup-config';

/** What a generated trial reports: its learning curve (values at epochs 1, 2, …) and how it ends. */
export interface GeneratedTrial {
  readonly curve: readonly number[];
  readonly outcome: TellOutcome;
}

export interface RandomBraninFile {
  readonly name: string;
  readonly trials: number;
  /** The setup's epoch budget. */
  readonly epochs: number;
  /** The study's seed. */
  readonly seed: number;
  /** Clock ms between two readings (the study's clock starts at 1,700,000,000,000). */
  readonly tickMs: number;
  /** Seed of the generator `trial` draws from. */
  readonly drawSeed: number;
  /** Each trial's curve and outcome, from its parameters and the seeded generator. */
  readonly trial: (params: Params, draw: Rng) => GeneratedTrial;
}

/** A finished study file (as the page exports one) of `trials` random-search trials on Branin. */
export function randomBraninStudyFile(spec: RandomBraninFile): string {
  const setup = validateSetup({ ...defaultSetup('branin'), strategy: 'random', budget: { trials: spec.trials, minutes: null, epochs: spec.epochs } });
  let now = 1_700_000_000_000;
  const study = createStudy({ space: setup.space, sampler: 'random', seed: spec.seed, clock: () => (now += spec.tickMs) });
  const draw = createRng(spec.drawSeed);
  for (let i = 0; i < spec.trials; i++) {
    const { id, params } = study.ask();
    const { curve, outcome } = spec.trial(params, draw);
    curve.forEach((value, e) => study.report(id, e + 1, value));
    study.tell(id, outcome);
  }
  return studyFileText(createSavedStudy({ name: spec.name, setup, study: study.toJSON(), status: 'finished', now }), now);
}
