/**
 * Runs a Python script against real Optuna for the interop tests. Debian's python3-optuna is
 * installed before the tests by scripts/ensure-optuna.sh; where no Python imports optuna these
 * tests fail with a message saying how to install it: they never skip.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findPythonWith } from '../../../bench/python';

const run = promisify(execFile);

let found: Promise<string> | null = null;

/** The Python that imports optuna; throws with install advice when there is none. */
export function optunaPython(): Promise<string> {
  found ??= findPythonWith('optuna').then((python) => {
    if (python === null) throw new Error('these tests need real Optuna: no Python here imports optuna. Install it (Debian/Ubuntu: apt-get install python3-optuna), or run scripts/ensure-optuna.sh as root');
    return python;
  });
  return found;
}

/** A scratch folder for journal files; removed by the returned function. */
export async function scratchFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'optuna-interop-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs `source` (Python) with `args`, returning its stdout. A failing script rejects with its
 * stderr in the message, so a test shows Optuna's own traceback.
 */
export async function runPython(source: string, args: readonly string[] = [], dir?: string): Promise<string> {
  const python = await optunaPython();
  const scratch = dir === undefined ? await scratchFolder() : null;
  const where = dir ?? (scratch as { dir: string }).dir;
  const file = join(where, `script-${Math.random().toString(36).slice(2)}.py`);
  await writeFile(file, source);
  try {
    const { stdout } = await run(python, [file, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
    return stdout;
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(`python script failed: ${err.message}\n${err.stderr ?? ''}`);
  } finally {
    await scratch?.remove();
  }
}
