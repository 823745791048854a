/**
 * `npm run bench:automl -- [flags]`: what tuning buys on small public datasets, in Node on tfjs's
 * cpu backend. For each table (penguins, cars, Seattle weather from `vega-datasets`) the data goes
 * through the data-preparation API the page's worker serves (the same CSV a user would pick, the
 * same preview, encoding and seeded split), then the MLP's default configuration trains once and
 * a GP-EI study of a fixed budget tunes it; the MNIST image folder does the same with the CNN.
 * Prints one table (the objective, validation loss, of the default and of the best tuned trial,
 * with a second metric of each, the trials and the seconds taken) and writes it to <out>/automl.md
 * with each dataset's source and licence.
 */
import { writeBenchDoc } from '../bench-doc';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Metrics } from '../../src/training/serve/protocol';
import type { UserTaskSetup } from '../../src/training/user-data';
import { createDataPrepApi } from '../../src/training/user-data/data-prep-api';
import { IMAGE_CNN_SEARCH_SPACE, mlpSearchSpace } from '../../src/training/user-data/spaces';
import { isSamplerName, shortValue, type SamplerName, type SearchSpace } from '../../src/tuner';
import { parseFlags, positiveInt, settingsOrExit, UsageError } from '../flags';
import { formatNumber, renderMarkdown, renderText, type Table } from '../tuner/table';
import { mnistFolderDataset } from './image-dataset';
import { BENCH_SOURCES, type BenchSource, type TableSource } from './sources';
import { runAutoMl, type BenchBudget, type RunOutcome } from './tune';

const USAGE = `usage: npm run bench:automl -- [flags]
  --trials N            tuned trials per table (default 12)
  --epochs N            epochs per trial on a table (default 5)
  --images-per-class N  MNIST images of each digit in the image folder (default 20: 200 images)
  --image-trials N      tuned trials on the image folder (default 4)
  --image-epochs N      epochs per trial on the image folder (default 2)
  --sampler NAME        the study's sampler: gp, random, sobol, evolution, grid (default gp)
  --seed N              the study's and the split's seed (default 1)
  --only a,b            only these datasets (${BENCH_SOURCES.map((s) => s.id).join(', ')})
  --out DIR             where automl.md goes (default docs/bench)
  --help                this text`;

interface Settings {
  readonly trials: number;
  readonly epochs: number;
  readonly imagesPerClass: number;
  readonly imageTrials: number;
  readonly imageEpochs: number;
  readonly sampler: SamplerName;
  readonly seed: number;
  readonly only: readonly string[] | null;
  readonly outDir: string;
}

function parseArgs(argv: readonly string[]): Settings | 'help' {
  let settings: Settings = { trials: 12, epochs: 5, imagesPerClass: 20, imageTrials: 4, imageEpochs: 2, sampler: 'gp', seed: 1, only: null, outDir: 'docs/bench' };
  const read = parseFlags(argv, {
    '--trials': ({ name, value }) => (settings = { ...settings, trials: positiveInt(name, value()) }),
    '--epochs': ({ name, value }) => (settings = { ...settings, epochs: positiveInt(name, value()) }),
    '--images-per-class': ({ name, value }) => (settings = { ...settings, imagesPerClass: positiveInt(name, value()) }),
    '--image-trials': ({ name, value }) => (settings = { ...settings, imageTrials: positiveInt(name, value()) }),
    '--image-epochs': ({ name, value }) => (settings = { ...settings, imageEpochs: positiveInt(name, value()) }),
    '--sampler': ({ name, value }) => {
      const sampler = value();
      if (!isSamplerName(sampler)) throw new UsageError(`${name} must be one of gp, random, sobol, evolution, grid; got "${sampler}"`);
      settings = { ...settings, sampler };
    },
    '--seed': ({ name, value }) => (settings = { ...settings, seed: positiveInt(name, value()) }),
    '--only': ({ name, value }) => {
      const only = value().split(',').map((id) => id.trim());
      const unknown = only.find((id) => !BENCH_SOURCES.some((s) => s.id === id));
      if (unknown !== undefined) throw new UsageError(`${name}: no dataset "${unknown}" (known: ${BENCH_SOURCES.map((s) => s.id).join(', ')})`);
      settings = { ...settings, only };
    },
    '--out': ({ value }) => (settings = { ...settings, outDir: value() }),
  });
  return read === 'help' ? 'help' : settings;
}

/** One dataset ready to tune: its setup, space, rows and the second metric shown beside the objective. */
interface Prepared {
  readonly setup: UserTaskSetup;
  readonly space: SearchSpace;
  readonly rows: string;
  readonly features: string;
  readonly budget: BenchBudget;
}

/** A table through the data-preparation API, as the page's worker prepares the file a user picks. */
async function prepareTable(source: TableSource, settings: Settings): Promise<Prepared> {
  const api = createDataPrepApi();
  const file = { path: source.fileName, data: new Blob([source.csv()], { type: 'text/csv' }) };
  const fingerprint = await api.fingerprint([file]);
  const preview = await api.previewTable(file);
  if (!preview.ok) throw new Error(`${source.fileName} was refused: ${preview.message}`);
  const built = await api.buildTable(file, { name: source.fileName, fingerprint, target: source.target, task: source.task, validationFraction: 0.2, folds: 1, seed: settings.seed });
  if (!built.ok) throw new Error(`${source.fileName} was refused: ${built.message}`);
  const { dataset, report } = built.value;
  const dropped = report.droppedRows > 0 ? ` (${report.droppedRows} without a target left out)` : '';
  return {
    setup: { dataset, family: { kind: 'mlp' } },
    space: mlpSearchSpace(source.task),
    rows: `${report.trainRows} + ${report.validationRows}${dropped}`,
    features: `${report.featureCount} (${report.leftOut.map((c) => c.column).join(', ') || 'none'} left out)`,
    budget: { sampler: settings.sampler, trials: settings.trials, epochs: settings.epochs, seed: settings.seed },
  };
}

function prepareImages(settings: Settings): Prepared {
  const dataset = mnistFolderDataset({ perClass: settings.imagesPerClass, validationFraction: 0.2, seed: settings.seed });
  const fold = dataset.folds[0];
  return {
    setup: { dataset, family: { kind: 'cnn' } },
    space: IMAGE_CNN_SEARCH_SPACE,
    rows: `${fold?.train.length ?? 0} + ${fold?.validation.length ?? 0}`,
    features: '28 × 28 × 1 pixels',
    budget: { sampler: settings.sampler, trials: settings.imageTrials, epochs: settings.imageEpochs, seed: settings.seed },
  };
}

/** The metric shown beside the objective: balanced accuracy for classes, RMSE (the target's unit) for regression. */
const secondMetric = (setup: UserTaskSetup): { readonly name: string; readonly label: string } =>
  setup.dataset.task === 'classification' ? { name: 'valBalancedAccuracy', label: 'balanced accuracy' } : { name: 'valRmse', label: 'RMSE' };

const shown = (metrics: Metrics, name: string): string => formatNumber(metrics[name] ?? Number.NaN);

interface Row {
  readonly source: BenchSource;
  readonly prepared: Prepared;
  readonly outcome: RunOutcome;
}

function resultTable(rows: readonly Row[], settings: Settings): Table {
  return {
    title: `Default configuration against ${settings.sampler.toUpperCase()}-tuned, validation metrics after the last epoch`,
    header: ['dataset', 'rows (train + validation)', 'features', 'objective', 'default', 'tuned', 'second metric', 'default', 'tuned', 'trials (epochs each)', 'default s', 'tuning s'],
    rows: rows.map(({ source, prepared, outcome }) => {
      const second = secondMetric(prepared.setup);
      return [
        source.id,
        prepared.rows,
        prepared.features,
        'valLoss',
        shown(outcome.defaultMetrics, 'valLoss'),
        shown(outcome.bestMetrics, 'valLoss'),
        second.label,
        shown(outcome.defaultMetrics, second.name),
        shown(outcome.bestMetrics, second.name),
        `${outcome.completed}${outcome.failed.length > 0 ? ` (+${outcome.failed.length} failed)` : ''} (${prepared.budget.epochs})`,
        outcome.defaultSeconds.toFixed(1),
        outcome.tuneSeconds.toFixed(1),
      ];
    }),
    rightAligned: [4, 5, 7, 8, 10, 11],
    notes: [
      'valLoss: cross-entropy for classes, mean squared error on the target\'s own scale for regression (lower is better); the tuned value is the best trial\'s.',
      'Default: the family\'s defaults (MLP: 2 × 64 relu units, dropout 0.1, Adam at 1e-3, batch 32; CNN: the built-in CNN\'s DEFAULT_CONFIG).',
    ],
  };
}

function sourcesSection(rows: readonly Row[]): string[] {
  return rows.flatMap(({ source, outcome }) => [
    `- **${source.id}** (${source.title}${source.kind === 'table' ? `, target \`${source.target}\`, ${source.task}: ${source.why}` : ''}). Source: ${source.source}. Licence: ${source.licence}.`,
    `  Best parameters: ${Object.entries(outcome.bestParams).map(([name, value]) => `${name} ${typeof value === 'number' ? formatNumber(value) : shortValue(value)}`).join(', ')}${outcome.failed.length > 0 ? `; failed: ${outcome.failed.join('; ')}` : ''}.`,
  ]);
}

async function main(): Promise<void> {
  const settings = settingsOrExit(() => parseArgs(process.argv.slice(2)), USAGE);
  if (settings === null) return;
  const started = performance.now();
  const load = loadavg()[0] ?? 0;
  const rows: Row[] = [];
  for (const source of BENCH_SOURCES) {
    if (settings.only !== null && !settings.only.includes(source.id)) continue;
    process.stderr.write(`[bench] ${source.id}…\n`);
    const prepared = source.kind === 'table' ? await prepareTable(source, settings) : prepareImages(settings);
    const second = secondMetric(prepared.setup);
    const outcome = await runAutoMl(prepared.setup, prepared.space, { metric: 'valLoss', direction: 'minimize' }, prepared.budget, (id, result, s) =>
      process.stderr.write(`[bench]   ${id < 0 ? 'default' : `trial ${id}`}: ${result} (${s.toFixed(1)} s)\n`),
    );
    process.stderr.write(`[bench] ${source.id}: valLoss ${shown(outcome.defaultMetrics, 'valLoss')} → ${shown(outcome.bestMetrics, 'valLoss')}, ${second.label} ${shown(outcome.defaultMetrics, second.name)} → ${shown(outcome.bestMetrics, second.name)}\n`);
    rows.push({ source, prepared, outcome });
  }
  const table = resultTable(rows, settings);
  const total = (performance.now() - started) / 1000;
  const machine = `Node ${process.version}, tfjs cpu backend, ${availableParallelism()} cores, load average ${load.toFixed(1)} at the start`;
  process.stdout.write(`${renderText(table)}\n\n(${total.toFixed(0)} s; ${machine})\n`);
  const doc = [
    '# AutoML benchmark: tuned against default on small public datasets',
    '',
    `Generated by \`npm run bench:automl\` on ${new Date().toISOString().slice(0, 10)} (${machine}; ${total.toFixed(0)} s in all).`,
    `Budget: ${settings.sampler.toUpperCase()} sampler, seed ${settings.seed}; tables ${settings.trials} trials × ${settings.epochs} epochs, the image folder ${settings.imageTrials} trials × ${settings.imageEpochs} epochs.`,
    'Each table goes through the data-preparation worker\'s API as the CSV a user would pick (profiling, one-hot and standardisation fitted on the training rows, imputation, a seeded 80/20 split stratified for classes); the trials run the page\'s user-data task.',
    'The CNN trains on tfjs\'s pure-JavaScript cpu backend here, so the image folder\'s default budget is small; bigger runs: `npm run bench:automl -- --trials 30 --epochs 20 --images-per-class 100 --image-trials 12 --image-epochs 5`.',
    '',
    renderMarkdown(table, 2),
    '',
    '## Datasets',
    '',
    'The tables come from the `vega-datasets` npm package (BSD-3-Clause); each one\'s source and licence are as the package\'s datapackage.json states them.',
    '',
    ...sourcesSection(rows),
    '',
  ].join('\n');
  const written = writeBenchDoc(settings.outDir, 'automl.md', doc);
  process.stderr.write(`[bench] wrote ${written}\n`);
}

await main();
