/**
 * The peer comparison: our GP-EI and Optuna's samplers on the same cases, seeds and ask/tell
 * pattern, sequentially (k = 1) and with k = 4 trials outstanding.
 *
 * Notation
 *   E, S         a case's evaluations and seeds
 *   k            trials outstanding: 1 (sequential) or 4
 *   r_t^(s)      simple regret after t tells in the run with seed s (loop.ts)
 *   finals       r_E^(s) for s = 1 … S, what the rank tests compare
 *   checkpoints  t = ⌈E/4⌉, ⌈E/2⌉ and E (25 %, 50 %, 100 % of the budget)
 *
 * Our runs go first (they run on this thread), then the peers' studies, spread over `processes`
 * Optuna processes that run side by side.
 */
import type { BenchCase, CaseGroup } from './cases';
import { ourAsker, runLoop, type LoopRun } from './loop';
import { PeerProcess } from './peers/client';
import { studySeedFor } from './run';
import type { PeerName } from './peers/protocol';
import { mean, median } from './stats';

/** The outstanding-trial counts every case runs with. */
export const OUTSTANDING = [1, 4] as const;

/** Peers run at each k: constant_liar only matters with trials outstanding. */
export function peersAt(outstanding: number, chosen: readonly PeerName[]): PeerName[] {
  return chosen.filter((p) => p !== 'tpe-constant-liar' || outstanding > 1);
}

export const OURS = 'gp';
export const peerLabel = (p: PeerName): string => `optuna ${p}`;

export interface CompareCell {
  readonly fn: string;
  readonly group: CaseGroup;
  readonly outstanding: number;
  readonly runner: string;
  readonly evals: number;
  /** Median r_t at each checkpoint (25 %, 50 %, 100 %). */
  readonly checkpoints: readonly { readonly t: number; readonly median: number }[];
  readonly finals: readonly number[];
  readonly meanAskMs: number;
  readonly exhaustedRuns: number;
  readonly error: string | null;
}

export interface CompareResults {
  readonly cells: readonly CompareCell[];
  /** Why the peers did not run, or null when they did. */
  readonly peersUnavailable: string | null;
  readonly optunaVersion: string | null;
}

export const checkpointTimes = (evals: number): number[] => [Math.ceil(evals / 4), Math.ceil(evals / 2), evals];

function summariseRuns(c: BenchCase, outstanding: number, runner: string, runs: readonly LoopRun[]): CompareCell {
  return {
    fn: c.fn.name,
    group: c.group,
    outstanding,
    runner,
    evals: c.evals,
    checkpoints: checkpointTimes(c.evals).map((t) => ({ t, median: median(runs.map((r) => r.regret[t - 1] as number)) })),
    finals: runs.map((r) => r.regret[c.evals - 1] as number),
    meanAskMs: mean(runs.flatMap((r) => r.askMs)),
    exhaustedRuns: runs.filter((r) => r.exhaustedAfter !== null).length,
    error: null,
  };
}

function failed(c: BenchCase, outstanding: number, runner: string, error: string): CompareCell {
  return { fn: c.fn.name, group: c.group, outstanding, runner, evals: c.evals, checkpoints: [], finals: [], meanAskMs: Number.NaN, exhaustedRuns: 0, error };
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface CompareOptions {
  readonly cases: readonly BenchCase[];
  readonly peers: readonly PeerName[];
  readonly processes: number;
  readonly progress: (line: string) => void;
}

export async function runComparison(options: CompareOptions): Promise<CompareResults> {
  const { cases, progress } = options;
  const cells: CompareCell[] = [];
  for (const c of cases) {
    for (const k of OUTSTANDING) {
      const start = performance.now();
      try {
        const runs: LoopRun[] = [];
        for (let seed = 0; seed < c.seeds; seed++) runs.push(await runLoop(OURS, ourAsker(OURS, c.fn, seed), c.fn, seed, c.evals, k));
        cells.push(summariseRuns(c, k, OURS, runs));
        progress(`compare ${OURS} × ${c.fn.name}, k = ${k}: ${c.seeds} seeds × ${c.evals} evals in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      } catch (err) {
        cells.push(failed(c, k, OURS, messageOf(err)));
        progress(`compare ${OURS} × ${c.fn.name}, k = ${k}: FAILED: ${messageOf(err)}`);
      }
    }
  }
  if (options.peers.length === 0) return { cells, peersUnavailable: 'no peers were asked for', optunaVersion: null };
  const peerResult = await runPeers(options);
  return { cells: [...cells, ...peerResult.cells], peersUnavailable: peerResult.unavailable, optunaVersion: peerResult.version };
}

interface PeerJob {
  readonly c: BenchCase;
  readonly k: number;
  readonly peer: PeerName;
  readonly seed: number;
}

async function runPeers(options: CompareOptions): Promise<{ cells: CompareCell[]; unavailable: string | null; version: string | null }> {
  const { cases, progress } = options;
  const starts = await Promise.all(Array.from({ length: options.processes }, () => PeerProcess.start()));
  const processes = starts.flatMap((s) => (s.kind === 'ready' ? [s.peer] : []));
  const firstProblem = starts.find((s) => s.kind === 'unavailable');
  if (processes.length === 0) {
    const reason = firstProblem?.kind === 'unavailable' ? firstProblem.reason : 'no peer process started';
    progress(`optuna peers unavailable: ${reason}`);
    return { cells: [], unavailable: reason, version: null };
  }
  const jobs: PeerJob[] = [];
  for (const c of cases) for (const k of OUTSTANDING) for (const peer of peersAt(k, options.peers)) for (let seed = 0; seed < c.seeds; seed++) jobs.push({ c, k, peer, seed });
  const runs = new Map<PeerJob, LoopRun>();
  const errors = new Map<string, string>();
  const key = (j: Pick<PeerJob, 'c' | 'k' | 'peer'>): string => `${j.c.fn.name}|${j.k}|${j.peer}`;
  let next = 0;
  let done = 0;
  let lastLine = performance.now();
  const started = performance.now();
  const work = async (peer: PeerProcess): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++] as PeerJob;
      if (errors.has(key(job))) continue;
      try {
        const study = await peer.createStudy(job.peer, studySeed(job), job.c.fn.space);
        runs.set(job, await runLoop(peerLabel(job.peer), study, job.c.fn, job.seed, job.c.evals, job.k));
      } catch (err) {
        errors.set(key(job), messageOf(err));
      }
      done++;
      if (performance.now() - lastLine > 10_000) {
        lastLine = performance.now();
        progress(`optuna peers: ${done}/${jobs.length} studies in ${((lastLine - started) / 1000).toFixed(0)} s`);
      }
    }
  };
  await Promise.all(processes.map(work));
  for (const p of processes) p.close();
  progress(`optuna peers: ${jobs.length} studies in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const cells: CompareCell[] = [];
  for (const c of cases) {
    for (const k of OUTSTANDING) {
      for (const peer of peersAt(k, options.peers)) {
        const error = errors.get(key({ c, k, peer }));
        const mine = jobs.filter((j) => j.c === c && j.k === k && j.peer === peer).map((j) => runs.get(j));
        if (error !== undefined) cells.push(failed(c, k, peerLabel(peer), error));
        else cells.push(summariseRuns(c, k, peerLabel(peer), mine as LoopRun[]));
      }
    }
  }
  return { cells, unavailable: null, version: processes[0]?.optunaVersion ?? null };
}

/** The peer's sampler seed: the same study seed our sampler gets, as Optuna wants it (< 2^32). */
function studySeed(job: PeerJob): number {
  return studySeedFor(job.c.fn, job.seed);
}
