/** Command-line settings of `npm run bench:tuner -- [flags]`. */
import { isSamplerName, SAMPLER_NAMES, type SamplerName } from '../../src/tuner';
import { parseFlags, positiveInt, UsageError } from '../flags';
import { allCaseFunctions, budgetsFor, casesFor, type BenchCase } from './cases';
import { BENCH_FUNCTIONS, type BenchFunction } from './functions';
import { isPeerName, PEER_NAMES, type PeerName } from './peers/protocol';

export { UsageError } from '../flags';

export interface BenchSettings {
  readonly seeds: number;
  readonly evals: number;
  readonly samplers: readonly SamplerName[];
  readonly functions: readonly BenchFunction[];
  /** History sizes at which ms per suggestion is timed (6-D Hartmann space). */
  readonly timingObservations: readonly number[];
  /** Timed suggestions per history size. */
  readonly timedSuggestions: number;
  readonly outDir: string;
  readonly quick: boolean;
  /** The peer comparison's cases, each with its budget (cases.ts). */
  readonly cases: readonly BenchCase[];
  /** Optuna samplers run beside GP-EI in the peer comparison (none: GP-EI alone). */
  readonly peers: readonly PeerName[];
  /** Optuna processes run side by side. */
  readonly peerProcesses: number;
}

export const USAGE = `usage: npm run bench:tuner -- [flags]
  --seeds N          seeds per run, every case (default 10, tables 20; --quick: 3, tables 5)
  --evals N          evaluations per run, every case (default 60, 10-D/20-D 100, tables 50;
                     --quick: 30, 10-D/20-D 50, tables 50)
  --samplers a,b     our samplers on the original functions (default all: ${SAMPLER_NAMES.join(',')})
  --functions a,b    functions and tables to run (default all: ${allCaseFunctions().map((c) => c.fn.name).join(',')})
  --peers a,b|none   Optuna samplers in the peer comparison (default all: ${PEER_NAMES.join(',')})
  --processes N      Optuna processes side by side (default 2)
  --quick            the smaller budgets above, timing at 60 observations only
  --out DIR          where tuner.md and tuner-curves.svg go (default docs/bench)
  --help             this text`;

export function parseArgs(argv: readonly string[]): BenchSettings | 'help' {
  let seeds: number | null = null;
  let evals: number | null = null;
  let samplers: readonly SamplerName[] = SAMPLER_NAMES;
  let names = null as readonly string[] | null;
  let peers: readonly PeerName[] = PEER_NAMES;
  let peerProcesses = 2;
  let outDir = 'docs/bench';
  let quick = false;
  const read = parseFlags(argv, {
    '--quick': () => (quick = true),
    '--seeds': ({ name, value }) => (seeds = positiveInt(name, value())),
    '--evals': ({ name, value }) => (evals = positiveInt(name, value())),
    '--samplers': ({ name, value }) =>
      (samplers = listOf(name, value(), SAMPLER_NAMES, (s) => s).map((s) => {
        if (!isSamplerName(s)) throw new UsageError(`unknown sampler "${s}"`);
        return s;
      })),
    '--functions': ({ name, value }) => (names = listOf(name, value(), allCaseFunctions(), (c) => c.fn.name)),
    '--peers': ({ name, value }) => {
      const text = value();
      peers = text === 'none' ? [] : listOf(name, text, PEER_NAMES, (p) => p).filter(isPeerName);
    },
    '--processes': ({ name, value }) => (peerProcesses = positiveInt(name, value())),
    '--out': ({ value }) => (outDir = value()),
  });
  if (read === 'help') return 'help';
  const budgets = budgetsFor(quick, evals, seeds);
  const chosen = names;
  const functions: readonly BenchFunction[] = chosen === null ? BENCH_FUNCTIONS : BENCH_FUNCTIONS.filter((f) => chosen.includes(f.name));
  return {
    seeds: budgets.function.seeds,
    evals: budgets.function.evals,
    samplers,
    functions,
    timingObservations: quick ? [60] : [60, 300],
    timedSuggestions: 7,
    outDir,
    quick,
    cases: casesFor(names, budgets),
    peers,
    peerProcesses,
  };
}

/** Splits "a,b" and checks every name is known; keeps the known list's order, drops repeats. */
function listOf<T>(flag: string, text: string, known: readonly T[], nameOf: (t: T) => string): string[] {
  const asked = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (asked.length === 0) throw new UsageError(`${flag} needs at least one name`);
  const names = known.map(nameOf);
  for (const a of asked) {
    if (!names.includes(a)) throw new UsageError(`${flag}: unknown name "${a}" (expected one of ${names.join(', ')})`);
  }
  return names.filter((n) => asked.includes(n));
}
