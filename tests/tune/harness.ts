/** Set-up for tune() on the simulated backend: a simulated clock, its executors, and an event log. */
import { createSimulatedBackend, SimulatedClock, syntheticMlp, type SimulatedBackendOptions } from '../../src/runner';
import { TuneError, type TuneEvent, type TuneOptions } from '../../src/tune';

export interface Simulation {
  readonly clock: SimulatedClock;
  readonly events: TuneEvent[];
  /** Options for tune(): the simulated executors on the simulated clock, a synthetic MLP's space, events logged. */
  readonly options: Pick<TuneOptions, 'executors' | 'clock' | 'space' | 'onEvent' | 'objective' | 'epochs' | 'workers'>;
}

export function simulation(backend: Partial<Omit<SimulatedBackendOptions, 'clock' | 'objective'>> = {}): Simulation {
  const clock = new SimulatedClock();
  const events: TuneEvent[] = [];
  const executors = createSimulatedBackend({ clock, objective: syntheticMlp, seed: 5, startupMs: 0, ...backend });
  return {
    clock,
    events,
    options: {
      executors,
      clock,
      space: syntheticMlp.space,
      objective: { metric: 'valLoss', direction: 'minimize' },
      epochs: 3,
      workers: 2,
      onEvent: (event) => events.push(event),
    },
  };
}

/** The events of one type, narrowed. */
export function ofType<T extends TuneEvent['type']>(events: readonly TuneEvent[], type: T): Array<Extract<TuneEvent, { type: T }>> {
  return events.filter((e): e is Extract<TuneEvent, { type: T }> => e.type === type);
}

/** The last event, which must be `finished`. */
export function finishedEvent(events: readonly TuneEvent[]): Extract<TuneEvent, { type: 'finished' }> {
  const last = events.at(-1);
  if (last?.type !== 'finished') throw new Error(`the last event is ${last?.type ?? 'missing'}, not finished`);
  return last;
}

/** The TuneError `run` rejects with; throws when it resolves or rejects with anything else. */
export async function rejection(run: Promise<unknown>): Promise<TuneError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TuneError)) throw new Error(`expected a TuneError, got ${String(error)}`);
  return error;
}
