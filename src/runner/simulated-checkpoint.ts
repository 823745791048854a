/**
 * Checkpoints of the simulated backend (format 'simulated-curve/1'): the curve state s_e in one
 * Float64Array buffer (length k, one float per state component), and a manifest naming the
 * objective and the params the state was trained with.
 */
import type { Params } from '../tuner';
import type { TrialCheckpoint } from './executor';

/** The `format` of the simulated backend's checkpoints. */
export const SIMULATED_CHECKPOINT_FORMAT = 'simulated-curve/1';

/** What a simulated checkpoint's manifest holds besides the state buffer. */
export interface SimulatedManifest {
  /** The objective whose curve this is; another objective cannot continue it. */
  readonly objective: string;
  /** The params of the epochs that produced the state (the last segment's, for a resumed trial). */
  readonly params: Params;
}

/** A simulated trial's checkpoint: its curve state after `epochsDone` epochs, and the objective and params it was trained with. */
export function simulatedCheckpoint(objective: string, epochsDone: number, state: readonly number[], params: Params): TrialCheckpoint {
  const manifest: SimulatedManifest = { objective, params: { ...params } };
  return { format: SIMULATED_CHECKPOINT_FORMAT, epochsDone, buffers: [Float64Array.from(state).buffer], manifest };
}

/** A simulated checkpoint read back: its state, or why it cannot be continued. */
export type ReadCheckpoint =
  | { readonly kind: 'state'; readonly epochsDone: number; readonly state: readonly number[]; readonly trainedWith: Params }
  | { readonly kind: 'error'; readonly reason: string };

/** The state in a checkpoint, or why it cannot be continued by `objective`'s curve. */
export function readSimulatedCheckpoint(checkpoint: TrialCheckpoint, objective: string): ReadCheckpoint {
  if (checkpoint.format !== SIMULATED_CHECKPOINT_FORMAT) {
    return { kind: 'error', reason: `cannot continue from a "${checkpoint.format}" checkpoint (expected "${SIMULATED_CHECKPOINT_FORMAT}")` };
  }
  const manifest = checkpoint.manifest as Partial<SimulatedManifest> | null;
  if (manifest?.objective !== objective) {
    return { kind: 'error', reason: `checkpoint is of objective "${String(manifest?.objective)}", not "${objective}"` };
  }
  const buffer = checkpoint.buffers[0];
  if (buffer === undefined || buffer.byteLength === 0 || buffer.byteLength % 8 !== 0) {
    return { kind: 'error', reason: 'checkpoint state buffer is missing, detached or malformed' };
  }
  if (!(Number.isInteger(checkpoint.epochsDone) && checkpoint.epochsDone >= 0)) {
    return { kind: 'error', reason: `checkpoint epochsDone must be an integer ≥ 0, got ${checkpoint.epochsDone}` };
  }
  return { kind: 'state', epochsDone: checkpoint.epochsDone, state: Array.from(new Float64Array(buffer)), trainedWith: manifest.params ?? {} };
}
