/** The tuning engine: pure TypeScript, no DOM, no tfjs. Runs in the page, in workers and in Node. */
export * from './space';
export { createRng, deriveSeed, type Rng } from './rng';
export { createStudy, Study, StudyError, SamplerExhaustedError } from './study/study';
export type { AskResult, Clock, StudyOptions, TellOutcome } from './study/study';
export { loadStudy, type LoadOptions } from './study/json';
export { STUDY_FORMAT, STUDY_VERSION, StudyFormatError, type StudyJSON, type TrialJSON } from './study/format';
export { bestTrial, isBetter, isFinished, lossOf } from './study/trial';
export type { Direction, IntermediateValue, Trial, TrialState } from './study/trial';
export type { Sampler, SamplerContext, SamplerName, Suggestion } from './samplers/types';
export { createSampler, isSamplerName, SAMPLER_NAMES } from './samplers/registry';
export { splitHistory, type History, type Observation } from './samplers/history';
export { RandomSampler } from './samplers/random';
export { GridSampler } from './samplers/grid';
export { SobolSampler } from './samplers/sobol';
export { EvolutionSampler } from './samplers/evolution';
export { GpSampler } from './gp/gp-sampler';
