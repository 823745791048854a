/**
 * The tuning engine: pure TypeScript, no DOM, no tfjs. Runs in the page, in workers and in Node.
 *
 * Folders import one way, each only from those before it (.dependency-cruiser.cjs checks it):
 *
 *   rng.ts, slices.ts, describe-value.ts   seeded randomness, sliced (pausable) work, error wording
 *   space/        search spaces: definitions, validation, encoding to the unit cube
 *   trial/        trials, their states and intermediate values; the history samplers read
 *   qmc/          quasi-random sequences (scrambled Sobol)
 *   gp/           Gaussian-process numerics: kernel, fit, L-BFGS, acquisition functions
 *   samplers/     random, grid, Sobol, evolution and GP-EI samplers, and the GP inspector
 *   study/        the study: ask/tell, enqueue, report, feasibility, JSON save and load
 *   schedulers/   FIFO, median, successive halving, ASHA, Hyperband, BOHB, PBT
 *   optuna/       Optuna's journal log: export a study to Optuna, import a study from it
 *
 * @module tfjs-tuner/engine
 */
export * from './space';
export { createRng, deriveSeed, type Rng } from './rng';
export { describeValue, shortValue } from './describe-value';
export { Study, StudyError, SamplerExhaustedError } from './study/study';
export type { AskResult, AsyncAskResult, Clock, TellExtras, TellOutcome } from './study/study';
export { createStudy, type StudyOptions } from './study/create';
export type { FinishedTrialInit } from './study/add-trial';
export { driveSliced, yieldToEventLoop, DEFAULT_SLICE_MS, type CooperativeOptions, type Driven, type SliceBudget } from './study/cooperative';
export { runSliced, type SliceMark, type SlicePhase, type Sliced } from './slices';
export { InfeasibleStudyError, summarizeFeasibility, type ConstraintViolations, type FeasibilitySummary } from './study/feasibility';
export { bestSoFarByTime, type AnytimePoint } from './study/anytime';
export { loadStudy, type LoadOptions } from './study/json';
export { EARLIER_STUDY_FORMATS, STUDY_FORMAT, STUDY_VERSION, StudyFormatError, trialJSON, type StudyJSON, type TrialJSON } from './study/format';
export { bestTrial, durationOf, epochsUsed, isBetter, isFeasible, isFinished, lossOf } from './trial/trial';
export type { Direction, IntermediateValue, Metrics, Trial, TrialState } from './trial/trial';
export type { Sampler, SamplerContext, SamplerName, Suggestion } from './samplers/types';
export { createSampler, isSamplerName, SAMPLER_NAMES } from './samplers/registry';
export { splitHistory, type History, type Observation } from './trial/history';
export { RandomSampler } from './samplers/random';
export { GridSampler, gridAxes, gridShape, MAX_GRID_POINTS, type GridAxes } from './samplers/grid';
export { SobolSampler } from './samplers/sobol';
export { sobolPoints, SOBOL_MAX_DIMS } from './qmc/sobol-sequence';
export { EvolutionSampler, type EvolutionOptions } from './samplers/evolution';
export { GpSampler, type GpSamplerSettings } from './samplers/gp';
export { inspectGp, type GpInspection, type InspectOptions, type InspectableStudy } from './samplers/gp-inspect';
export { expectedImprovement, logExpectedImprovement } from './gp/acquisition';
export type { GpHyperparams } from './gp/regressor';
export { LENGTHSCALE_PRIORS, type LengthscalePrior } from './gp/prior';
export { OUTPUT_WARPINGS, type OutputWarping } from './gp/output-warping';
export { PENDING_STRATEGIES, type PendingStrategy } from './gp/pending-strategy';
export * from './schedulers';
export * from './optuna';
