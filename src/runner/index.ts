/** The runner: trial executors, the pool of slots, the tuner loop, and the simulated backend. */
export { realClock, sleep, type RunnerClock } from './clock';
export { SimulatedClock } from './simulated-clock';
export {
  DEFAULT_OBJECTIVE,
  ExecutorBusyError,
  ExecutorCrashedError,
  readObjective,
  type ExecutorFactory,
  type Metrics,
  type Objective,
  type ProgressCallback,
  type TrialBudget,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
  type TrialOutcomeKind,
  type TrialProgress,
} from './executor';
export { defaultWorkerCount, ExecutorPool, PoolError, type BackendKind, type PoolEvent, type PoolJob, type PoolListener, type PoolOptions } from './pool';
export { TunerLoop, type Pruner, type TunerLoopOptions } from './tuner-loop';
export {
  stopsRunningTrials,
  TunerLoopError,
  type FinishedState,
  type FinishReason,
  type LoopFinish,
  type TunerEvent,
  type TunerEventType,
  type TunerListener,
  type TunerResult,
} from './tuner-events';
export { verdictOf, type StopIntent } from './verdict';
export { createSimulatedBackend, type ScriptedCrash, type SimulatedBackendOptions, type SimulatedFaults, type SyntheticObjective } from './simulated';
export { syntheticMlp } from './synthetic-objectives';
