/** The runner: trial executors, the pool of slots, the tuner loops (plain and scheduler-driven), and the simulated backend. */
export { realClock, sleep, type RunnerClock } from './clock';
export { SimulatedClock } from './simulated-clock';
export {
  checkpointBytes,
  copyCheckpoint,
  DEFAULT_OBJECTIVE,
  ExecutorBusyError,
  ExecutorCrashedError,
  readObjective,
  type CheckpointMode,
  type ExecutorFactory,
  type Metrics,
  type Objective,
  type ProgressCallback,
  type TrialBudget,
  type TrialCheckpoint,
  type TrialExecutor,
  type TrialJob,
  type TrialOutcome,
  type TrialOutcomeKind,
  type TrialProgress,
} from './executor';
export { defaultWorkerCount, ExecutorPool, PoolError, type BackendKind, type PoolEvent, type PoolJob, type PoolListener, type PoolOptions } from './pool';
export { TunerLoop, type Pruner, type TunerLoopOptions } from './tuner-loop';
export { ScheduledLoop, type ScheduledLoopOptions } from './scheduled-loop';
export { LoopCore, type LoopCoreOptions } from './loop-core';
export { CheckpointStore } from './checkpoint-store';
export { scheduleTimeline, type LineageEdge, type ScheduleBar, type ScheduleTimeline, type SegmentEnd } from './schedule-timeline';
export {
  stopsRunningTrials,
  TunerLoopError,
  type FinishedState,
  type FinishReason,
  type LoopFinish,
  type ScheduleEvent,
  type ScheduledTunerEvent,
  type ScheduledTunerListener,
  type TunerEvent,
  type TunerEventType,
  type TunerListener,
  type TunerResult,
} from './tuner-events';
export { verdictOf, type StopIntent } from './verdict';
export { createSimulatedBackend, type ScriptedCrash, type SimulatedBackendOptions, type SimulatedFaults, type SyntheticObjective } from './simulated';
export { syntheticMlp } from './synthetic-objectives';
export { defaultDynamics, type CurveDynamics } from './learning-curves';
export { crossingCurves, LR_SCHEDULE_EPOCHS, lrScheduleTask } from './scheduling-tasks';
export { readSimulatedCheckpoint, SIMULATED_CHECKPOINT_FORMAT, simulatedCheckpoint, type SimulatedManifest } from './simulated-checkpoint';
