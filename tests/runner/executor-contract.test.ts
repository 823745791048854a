/**
 * Runs the executor contract over every executor implementation available in Node. The worker
 * executor (tfjs in a Web Worker) needs a browser; its harness belongs with the browser tests.
 */
import { createSimulatedBackend } from '../../src/runner/simulated';
import { SimulatedClock } from '../../src/runner/simulated-clock';
import { syntheticMlp } from '../../src/runner/synthetic-objectives';
import { describeExecutorContract, type ExecutorHarness } from './contracts/executor.contract';
import { branin } from './harness';

const HARNESSES: readonly ExecutorHarness[] = [
  {
    name: 'simulated (branin)',
    makeFactory: () => createSimulatedBackend({ clock: new SimulatedClock(), objective: branin, seed: 1 }),
    params: { x1: 3, x2: 2 },
    maxEpochs: 4,
  },
  {
    name: 'simulated (synthetic MLP, no start-up time)',
    makeFactory: () => createSimulatedBackend({ clock: new SimulatedClock(), objective: syntheticMlp, seed: 2, startupMs: 0 }),
    params: { learningRate: 3e-3, units: 128, dropout: 0.2, batchSize: 32 },
    maxEpochs: 3,
  },
];

for (const harness of HARNESSES) describeExecutorContract(harness);
