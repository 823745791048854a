/**
 * `npm run bench:gp -- [flags]`: what one GP suggestion costs on the main thread as a study grows.
 * At each history size (default 100, 1,000 and 10,000 observations, 6-D Hartmann) it prints ms per
 * suggestion (mean / median / max, asked synchronously) and the longest uninterrupted slice of the
 * cooperative ask (`Study.tryAskAsync`), each with its ratio to the target, and writes the table to
 * <out>/gp.md. Targets: no slice over 50 ms at any size; under 100 ms per suggestion at 10,000.
 */
import { writeBenchDoc } from '../bench-doc';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SLICE_MS } from '../../src/tuner';
import { parseFlags, positiveInt, settingsOrExit } from '../flags';
import { BENCH_FUNCTIONS, type BenchFunction } from '../tuner/functions';
import { median } from '../tuner/stats';
import { formatMs, renderMarkdown, renderText, type Table } from '../tuner/table';
import { measureSize, type SizeMeasurement } from './measure';

const USAGE = `usage: npm run bench:gp -- [flags]
  --sizes a,b,c      history sizes in observations (default 100,1000,10000)
  --suggestions N    timed suggestions per size (default 10)
  --slice-ms N       the cooperative ask's slice budget in ms (default ${DEFAULT_SLICE_MS})
  --out DIR          where gp.md goes (default docs/bench)
  --help             this text`;

const SLICE_TARGET_MS = 50;
const TOTAL_TARGET_MS = 100;
const TOTAL_TARGET_AT = 10_000;

interface Settings {
  readonly sizes: readonly number[];
  readonly suggestions: number;
  readonly sliceMs: number;
  readonly outDir: string;
}

function parseArgs(argv: readonly string[]): Settings | 'help' {
  let sizes: number[] = [100, 1000, 10_000];
  let suggestions = 10;
  let sliceMs = DEFAULT_SLICE_MS;
  let outDir = 'docs/bench';
  const read = parseFlags(argv, {
    '--sizes': ({ name, value }) => (sizes = value().split(',').map((s) => positiveInt(name, s.trim()))),
    '--suggestions': ({ name, value }) => (suggestions = positiveInt(name, value())),
    '--slice-ms': ({ name, value }) => (sliceMs = positiveInt(name, value())),
    '--out': ({ value }) => (outDir = value()),
  });
  return read === 'help' ? 'help' : { sizes, suggestions, sliceMs, outDir };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const ratio = (value: number, target: number): string => `${(value / target).toFixed(2)}`;

function resultTable(results: readonly SizeMeasurement[]): Table {
  return {
    title: 'GP suggestion cost on the main thread (6-D Hartmann)',
    header: ['observations', 'ms mean', 'ms median', 'ms max', 'total / target', 'longest slice ms', 'slice / target', 'slices (median)', 'async = sync'],
    rows: results.map((r) => {
      const total = mean(r.totals);
      const slice = Math.max(...r.longestSlices);
      return [
        r.observations.toLocaleString('en-US'),
        formatMs(total),
        formatMs(median(r.totals)),
        formatMs(Math.max(...r.totals)),
        r.observations === TOTAL_TARGET_AT ? ratio(total, TOTAL_TARGET_MS) : '–',
        formatMs(slice),
        ratio(slice, SLICE_TARGET_MS),
        String(median(r.slices)),
        r.identical ? 'yes' : 'NO',
      ];
    }),
    rightAligned: [0, 1, 2, 3, 4, 5, 6, 7],
    notes: [
      `Targets: longest slice ≤ ${SLICE_TARGET_MS} ms at every size; mean ms per suggestion ≤ ${TOTAL_TARGET_MS} at ${TOTAL_TARGET_AT.toLocaleString('en-US')} observations (ratio ≤ 1 meets it).`,
      '"ms": one synchronous ask (the first of each size includes encoding the history and a cold hyperparameter fit).',
      '"longest slice": the longest stretch between two yields of the cooperative ask; "async = sync": identical suggestions.',
    ],
  };
}

function pass(results: readonly SizeMeasurement[]): boolean {
  return results.every(
    (r) => Math.max(...r.longestSlices) <= SLICE_TARGET_MS && r.identical && (r.observations !== TOTAL_TARGET_AT || mean(r.totals) <= TOTAL_TARGET_MS),
  );
}

async function main(): Promise<void> {
  const settings = settingsOrExit(() => parseArgs(process.argv.slice(2)), USAGE);
  if (settings === null) return;
  const fn = BENCH_FUNCTIONS.find((f) => f.name === 'hartmann6') as BenchFunction;
  const started = performance.now();
  const results: SizeMeasurement[] = [];
  for (const size of settings.sizes) {
    process.stderr.write(`[bench] ${size} observations…\n`);
    results.push(await measureSize(fn, size, settings.suggestions, { kind: 'time', ms: settings.sliceMs }));
  }
  const table = resultTable(results);
  const ok = pass(results);
  process.stdout.write(`${renderText(table)}\n\n${ok ? 'PASS' : 'MISS'}  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  const cores = cpus().length;
  const machine = `Node ${process.version}, a ${cores}-core ${cpus()[0]?.model.trim() ?? 'machine of unknown CPU'}, ${process.platform}/${process.arch}; load average ${loadavg()[0]?.toFixed(1) ?? '?'} over the last minute`;
  const doc = [
    '# GP suggestion benchmark',
    '',
    `Generated by \`npm run bench:gp\` on ${new Date().toISOString().slice(0, 10)} (${machine}).`,
    `${settings.suggestions} timed suggestions per size, slice budget ${settings.sliceMs} ms; overall: ${ok ? 'PASS' : 'MISS'}.`,
    'Times are wall-clock: on a machine whose cores are shared with other work (a load average above the core count), a slice also counts the time the process waited for a core.',
    '',
    renderMarkdown(table, 2),
    '',
  ].join('\n');
  const written = writeBenchDoc(settings.outDir, 'gp.md', doc);
  process.stderr.write(`[bench] wrote ${written}\n`);
}

await main();
