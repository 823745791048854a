/** Test doubles for the page's state classes: a simulated-clock trial backend and an instant yield. */
import { createSimulatedBackend, type SyntheticObjective } from '../../../src/runner/simulated';
import type { SearchSpace } from '../../../src/tuner';
import { SimulatedClock } from '../../../src/runner/simulated-clock';
import type { SessionDeps } from '../../../src/ui/state/study-session.svelte';
import { TASKS } from '../../../src/ui/setup/tasks';

/** Synthetic tasks on a SimulatedClock: a study of many trials runs as fast as the code reacts. */
export function simulatedSessionDeps(): SessionDeps {
  return {
    refreshMs: 0,
    backend: async (setup, options) => {
      const task = TASKS[setup.task];
      const objective = task.kind === 'synthetic' ? task.objective : cnnStandIn(setup.space);
      const clock = new SimulatedClock(options.startMs ?? 0);
      return { clock, simulated: true, factory: createSimulatedBackend({ clock, objective, seed: setup.seed, startupMs: 10 }) };
    },
  };
}

/** Stands in for CNN training in unit tests: a loss that is lowest at learning rate 3e-3. */
function cnnStandIn(space: SearchSpace): SyntheticObjective {
  return { name: 'cnn-stand-in', space, value: (p) => 0.3 + (Math.log10(Number(p.learningRate ?? 3e-3)) + 2.5) ** 2 };
}

export const instantYield = (): Promise<void> => Promise.resolve();
