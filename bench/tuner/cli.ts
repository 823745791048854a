/** Command-line settings of `npm run bench:tuner -- [flags]`. */
import { isSamplerName, SAMPLER_NAMES, type SamplerName } from '../../src/tuner';
import { parseFlags, positiveInt, UsageError } from '../flags';
import { BENCH_FUNCTIONS, type BenchFunction } from './functions';

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
}

export const USAGE = `usage: npm run bench:tuner -- [flags]
  --seeds N          seeds per sampler × function (default 10; --quick: 3)
  --evals N          evaluations per run (default 60; --quick: 30)
  --samplers a,b     samplers to run (default all: ${SAMPLER_NAMES.join(',')})
  --functions a,b    functions to run (default all: ${BENCH_FUNCTIONS.map((f) => f.name).join(',')})
  --quick            3 seeds, 30 evals, timing at 60 observations only
  --out DIR          where tuner.md and tuner-curves.svg go (default docs/bench)
  --help             this text`;

export function parseArgs(argv: readonly string[]): BenchSettings | 'help' {
  let seeds: number | null = null;
  let evals: number | null = null;
  let samplers: readonly SamplerName[] = SAMPLER_NAMES;
  let functions: readonly BenchFunction[] = BENCH_FUNCTIONS;
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
    '--functions': ({ name, value }) =>
      (functions = listOf(name, value(), BENCH_FUNCTIONS, (f) => f.name).map((n) => BENCH_FUNCTIONS.find((f) => f.name === n) as BenchFunction)),
    '--out': ({ value }) => (outDir = value()),
  });
  if (read === 'help') return 'help';
  return {
    seeds: seeds ?? (quick ? 3 : 10),
    evals: evals ?? (quick ? 30 : 60),
    samplers,
    functions,
    timingObservations: quick ? [60] : [60, 300],
    timedSuggestions: 7,
    outDir,
    quick,
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
