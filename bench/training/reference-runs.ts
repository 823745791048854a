/**
 * The training benchmark's runs outside the browser, each in a child process: PyTorch on the same
 * network (pytorch_cnn.py, with its thread count pinned), and tfjs's wasm backend in Node
 * (node-wasm.ts). A run that cannot happen says why instead of throwing.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findPythonWith } from '../python';
import type { NodeWasmReport } from './node-wasm';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));

/** A child run's figures, or why there are none. */
export type RunOutcome<T> = { readonly kind: 'ran'; readonly value: T } | { readonly kind: 'missing'; readonly why: string };

/** What pytorch_cnn.py prints. */
export interface PyTorchReport {
  readonly samplesPerSecond: number;
  readonly threads: number;
  readonly torch: string;
  /** The network's parameters: the tfjs default CNN's count when the two networks match. */
  readonly paramCount: number;
}

export const PYTORCH_INSTALL_HINT = 'not installed: apt-get install python3-torch';

/** The first Python that imports torch, or null. */
export function findTorchPython(): Promise<string | null> {
  return findPythonWith('torch');
}

/**
 * A PyTorch figure counts only for the same network: when its parameter count is not the default
 * CNN's (`expectedParams`), the outcome becomes "missing" with both counts named.
 */
export function sameNetwork(outcome: RunOutcome<PyTorchReport>, expectedParams: number): RunOutcome<PyTorchReport> {
  if (outcome.kind !== 'ran' || outcome.value.paramCount === expectedParams) return outcome;
  return { kind: 'missing', why: `PyTorch's network has ${outcome.value.paramCount.toLocaleString('en')} parameters and the default CNN ${expectedParams.toLocaleString('en')}: not the same network, so no figure` };
}

function messageOf(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim().split('\n').slice(-3).join(' / ') : error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The last line of `stdout` parsed as JSON. */
function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '');
}

/** PyTorch's samples/s with `threads` threads (torch's own and every BLAS library's pinned to it). */
export async function runPyTorch(python: string | null, threads: number, samples: number): Promise<RunOutcome<PyTorchReport>> {
  if (python === null) return { kind: 'missing', why: PYTORCH_INSTALL_HINT };
  const pinned = String(threads);
  try {
    const { stdout } = await run(python, [join(HERE, 'pytorch_cnn.py'), '--threads', pinned, '--samples', String(samples)], {
      env: { ...process.env, OMP_NUM_THREADS: pinned, OPENBLAS_NUM_THREADS: pinned, MKL_NUM_THREADS: pinned },
      timeout: 300_000,
    });
    return { kind: 'ran', value: lastJsonLine(stdout) as PyTorchReport };
  } catch (error) {
    return { kind: 'missing', why: `PyTorch run failed: ${messageOf(error)}` };
  }
}

/** tfjs wasm in Node (SIMD, one thread) on the default CNN, in a child process under this process's own loader (tsx). */
export async function runNodeWasm(samples: number): Promise<RunOutcome<NodeWasmReport>> {
  try {
    const { stdout } = await run(process.execPath, [...process.execArgv, join(HERE, 'node-wasm.ts'), '--samples', String(samples)], { timeout: 300_000 });
    return { kind: 'ran', value: lastJsonLine(stdout) as NodeWasmReport };
  } catch (error) {
    return { kind: 'missing', why: `Node run failed: ${messageOf(error)}` };
  }
}
