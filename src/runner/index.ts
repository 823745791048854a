/**
 * The runner: trial executors, the pool of slots, the tuner loop (scheduler-driven, FIFO by default), and the simulated backend.
 *
 * @module tfjs-tuner/runner
 */
export { realClock, sleep, type RunnerClock } from './clock';
export { SimulatedClock } from './simulated-clock';
export {
  checkpointBytes,
  copyCheckpoint,
  DEFAULT_OBJECTIVE,
  ExecutorBusyError,
  ExecutorCrashedError,
  ExecutorSetupError,
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
export { defaultWorkerCount, ExecutorPool, PoolError, PoolSetupError, type BackendKind, type PoolEvent, type PoolJob, type PoolListener, type PoolOptions } from './pool';
export { TunerLoop, type TunerLoopOptions } from './tuner-loop';
export type { LoopLifecycleOptions } from './loop-lifecycle';
export type { AskSlicing } from './cooperative-asks';
export type { ConstraintFn } from './constraints';
export { CheckpointStore } from './checkpoint-store';
export { scheduleTimeline, type LineageEdge, type ScheduleBar, type ScheduleTimeline, type SegmentEnd } from './schedule-timeline';
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
export { braninLandscape, syntheticMlp } from './synthetic-objectives';
export { afterMicrotasks } from './macrotask';
export { defaultDynamics, type CurveDynamics, type DefaultCurveOptions } from './learning-curves';
export { crossingCurves, LR_SCHEDULE_EPOCHS, lrScheduleTask } from './scheduling-tasks';
export { readSimulatedCheckpoint, SIMULATED_CHECKPOINT_FORMAT, simulatedCheckpoint, type ReadCheckpoint, type SimulatedManifest } from './simulated-checkpoint';
// The task protocol's types the runner's API speaks in (declared once, in src/training/serve/protocol.ts).
export { BACKEND_NAMES } from '../training/serve/protocol';
export type {
  BackendName,
  BackendPreference,
  BackendReport,
  BackendSkip,
  TaskProgress,
  TaskProgressListener,
  TaskResult,
  TaskSummary,
  TaskWorkerApi,
  TensorMemory,
  WorkerHeartbeat,
} from '../training/serve/protocol';
export { createWorkerExecutorFactory, WorkerExecutor, type WorkerExecutorOptions } from './worker-executor';
export { startTrialWorker, WorkerSetupError, WorkerStartError, type StartedWorker, type WorkerScript, type WorkerStartOptions } from './worker-start';
export { DEFAULT_SILENCE_LIMIT_MS, isWorkerHeartbeat, WorkerWatchdog, type SilenceRecord, type WatchdogOptions } from './worker-watchdog';
