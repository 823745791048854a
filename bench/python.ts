/**
 * The Python the benchmarks run (PyTorch for bench:training, Optuna for bench:tuner's peers):
 * Debian's /usr/bin/python3 first, where apt's python3-torch and python3-optuna live, then the
 * `python3` on the PATH (which may be another interpreter: pyenv, a venv).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'] as const;

/** The first candidate that imports `module`, or null. */
export async function findPythonWith(module: string): Promise<string | null> {
  for (const python of PYTHON_CANDIDATES) {
    try {
      await run(python, ['-c', `import ${module}`], { timeout: 60_000 });
      return python;
    } catch {
      // Not this interpreter: try the next.
    }
  }
  return null;
}
