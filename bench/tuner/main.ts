/**
 * `npm run bench:tuner -- [flags]`: every sampler on every original test function, then timings,
 * then the peer comparison (GP-EI and Optuna's samplers on every case, sequential and with 4 trials
 * outstanding), then the targets check. Tables go to stdout, progress to stderr, the report to
 * <out>/tuner.md and <out>/tuner-curves.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BENCH_FUNCTIONS } from './functions';
import { readCommandLine } from '../flags';
import { parseArgs, USAGE, type BenchSettings } from './cli';
import { curvesSvg } from './curves-svg';
import { reportMarkdown } from './markdown';
import { ratioTable, regretTable, timingTable } from './report';
import { runOnce, type RunResult } from './run';
import { failedCell, summarise, type CellSummary } from './summary';
import { renderText } from './table';
import { checkTargets, referenceTable, targetsTable, type BenchResults } from './targets';
import { runComparison } from './compare';
import { casesTable, compareRankTable, compareRegretTable } from './compare-report';
import { checkCompareTargets } from './compare-targets';
import { timeSuggestions, type SuggestTiming } from './timing';

const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

const messageOf = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Every (sampler, function) cell; a sampler that throws fails its cell, not the benchmark. */
function runAll(settings: BenchSettings): CellSummary[] {
  const cells: CellSummary[] = [];
  const total = settings.samplers.length * settings.functions.length;
  for (const sampler of settings.samplers) {
    for (const fn of settings.functions) {
      const start = performance.now();
      let lastLine = start;
      const runs: RunResult[] = [];
      const label = `${cells.length + 1}/${total}  ${sampler} × ${fn.name}`;
      try {
        for (let seed = 0; seed < settings.seeds; seed++) {
          runs.push(runOnce(sampler, fn, seed, settings.evals));
          if (performance.now() - lastLine > 5000 && seed + 1 < settings.seeds) {
            lastLine = performance.now();
            progress(`${label}: seed ${seed + 1}/${settings.seeds} done`);
          }
        }
        cells.push(summarise(sampler, fn.name, runs, settings.evals));
        const secs = ((performance.now() - start) / 1000).toFixed(1);
        progress(`${label}: ${settings.seeds} seeds × ${settings.evals} evals in ${secs} s`);
      } catch (err) {
        cells.push(failedCell(sampler, fn.name, settings.evals, messageOf(err)));
        progress(`${label}: FAILED at seed ${runs.length}: ${messageOf(err)}`);
      }
    }
  }
  return cells;
}

function timeAll(settings: BenchSettings): SuggestTiming[] {
  const space6 = BENCH_FUNCTIONS.find((f) => f.name === 'hartmann6');
  if (space6 === undefined) throw new Error('hartmann6 is missing from BENCH_FUNCTIONS');
  const timings: SuggestTiming[] = [];
  for (const sampler of settings.samplers) {
    for (const n of settings.timingObservations) {
      let t: SuggestTiming;
      try {
        t = timeSuggestions(sampler, space6, n, settings.timedSuggestions);
      } catch (err) {
        t = { sampler, observations: n, ms: null, samples: [], error: messageOf(err) };
      }
      timings.push(t);
      const figure = t.error !== undefined ? `FAILED: ${t.error}` : t.ms === null ? 'exhausted' : `${t.ms.toFixed(3)} ms per suggestion`;
      progress(`timing ${sampler}, 6-D, ${n} observations: ${figure}`);
    }
  }
  return timings;
}

async function main(argv: readonly string[]): Promise<number> {
  const command = readCommandLine(() => parseArgs(argv), USAGE);
  if (command.kind === 'exit') return command.code;
  const { settings } = command;
  const started = performance.now();
  progress(
    `${settings.samplers.length} samplers × ${settings.functions.length} functions × ${settings.seeds} seeds × ${settings.evals} evals`,
  );
  const cells = runAll(settings);
  const timings = timeAll(settings);
  const results: BenchResults = { evals: settings.evals, cells, timings };
  const { samplers, functions: fns, cases } = settings;
  progress(`peer comparison: ${cases.length} cases × ${settings.peers.length} Optuna samplers, sequential and 4 outstanding`);
  const compared = await runComparison({ cases, peers: settings.peers, processes: settings.peerProcesses, progress });

  const tables = [
    regretTable(results, fns, samplers),
    ratioTable(results, fns, samplers),
    timingTable(results, fns, samplers),
    compareRegretTable(compared, cases),
    compareRankTable(compared, cases),
  ];
  const reference = referenceTable(results, samplers);
  const targets = targetsTable([...checkTargets(results), ...checkCompareTargets(compared, cases)], settings.evals);
  const seconds = (performance.now() - started) / 1000;
  for (const t of [casesTable(cases), ...tables, reference, targets]) console.log(`\n${renderText(t)}`);
  console.log(`\n(${seconds.toFixed(1)} s)`);

  mkdirSync(settings.outDir, { recursive: true });
  const svgFile = 'tuner-curves.svg';
  writeFileSync(join(settings.outDir, svgFile), curvesSvg({ fns, samplers, cells, evals: settings.evals, seeds: settings.seeds }));
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${process.platform}/${process.arch}`,
    seconds,
    command: ['npm run bench:tuner', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    svgFile,
  };
  const about = { optuna: compared.optunaVersion, peersUnavailable: compared.peersUnavailable };
  writeFileSync(join(settings.outDir, 'tuner.md'), reportMarkdown(settings, meta, [...tables, reference, casesTable(cases)], targets, about));
  progress(`wrote ${join(settings.outDir, 'tuner.md')} and ${join(settings.outDir, svgFile)}`);
  const failures =
    cells.filter((c) => c.error !== null).length + timings.filter((t) => t.error !== undefined).length + compared.cells.filter((c) => c.error !== null).length;
  if (failures > 0) progress(`${failures} cell(s) or timing(s) FAILED; see the notes under the tables`);
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
