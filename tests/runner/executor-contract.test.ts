/**
 * Runs the executor contract over every executor implementation available in Node. The worker
 * executor (tfjs in a Web Worker) needs a browser; its harness belongs with the browser tests.
 */
import { createSimulatedBackend } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { syntheticMlp } from '../../src/runner/synthetic-objectives';
import { lrScheduleTask } from '../../src/runner/scheduling-tasks';
import { describeExecutorContract, type ExecutorHarness } from './contracts/executor.contract';
import { branin } from './harness';

const HARNESSES: readonly ExecutorHarness[] = [
  {
    name: 'simulated (branin)',
    makeFactory: () => createSimulatedBackend({ clock: new SimulatedClock(), objective: branin, seed: 1 }),
    params: { x1: 3, x2: 2 },
    otherParams: { x1: -2, x2: 9 },
    maxEpochs: 4,
  },
  {
    name: 'simulated (synthetic MLP, no start-up time)',
    makeFactory: () => createSimulatedBackend({ clock: new SimulatedClock(), objective: syntheticMlp, seed: 2, startupMs: 0 }),
    params: { learningRate: 3e-3, units: 128, dropout: 0.2, batchSize: 32 },
    maxEpochs: 3,
  },
  {
    name: 'simulated (lr-schedule dynamics)',
    makeFactory: () => createSimulatedBackend({ clock: new SimulatedClock(), objective: lrScheduleTask, seed: 3, startupMs: 0 }),
    params: { learningRate: 0.1, weightDecay: 1e-4 },
    otherParams: { learningRate: 0.01, weightDecay: 1e-4 },
    maxEpochs: 4,
  },
];

for (const harness of HARNESSES) describeExecutorContract(harness);
