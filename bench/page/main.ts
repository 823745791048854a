/**
 * `npm run bench:page`: how fast the built page is on a slow phone and on a desktop. Builds the page
 * (`npm run build`, unless --dist names a build already made), serves it as `npm run preview` does
 * (COOP/COEP and the page's Content-Security-Policy), and runs Lighthouse 12 in Debian's Chromium
 * with the mobile and desktop presets, several times each, keeping the median run. Prints
 * performance, total blocking time, time to interactive, largest contentful paint and
 * accessibility against the targets (PASS/MISS), each chunk's size (raw and gzip) and whether the
 * first load fetched it, and whether tfjs-core stayed out of the first load; writes
 * docs/bench/page.md. A baseline (an earlier run's figures, --baseline FILE) is shown beside them.
 * No test asserts these timings; they depend on the machine.
 *
 * Usage: tsx bench/page/main.ts [--runs N] [--dist DIR] [--baseline FILE] [--write-baseline FILE] [--out FILE] [--throttling simulate|devtools]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { writeBenchDoc } from '../bench-doc';
import { positiveInt, readFlags, UsageError } from '../flags';
import { chunkSizes } from './chunks';
import { medianRun, runLighthouse, type PageFigures, type Preset, type Throttling } from './lighthouse-run';
import { chunkTable, DESKTOP_TARGETS, FIGURES_HEADER, figuresRow, MOBILE_TARGETS, targetLines } from './report';
import { servePage } from './serve';

const USAGE = 'Usage: tsx bench/page/main.ts [--runs N] [--dist DIR] [--baseline FILE] [--write-baseline FILE] [--out FILE] [--throttling simulate|devtools]';
/** A string only tfjs-core's bundle holds (one of its environment flags' names). */
const TFJS_CORE_MARK = 'TENSORLIKE_CHECK_SHAPE_CONSISTENCY';

interface BenchOptions {
  readonly runs: number;
  readonly dist: string | null;
  readonly baseline: string;
  readonly writeBaseline: string | null;
  readonly out: string;
  readonly throttling: Throttling;
}

/** What a baseline file holds: the median runs of an earlier build, and what that build was. */
interface Baseline {
  readonly label: string;
  readonly runs: readonly PageFigures[];
}

function parse(argv: readonly string[]): BenchOptions {
  let runs = 5;
  let dist: string | null = null;
  let baseline = 'bench/page/baseline.json';
  let writeBaseline: string | null = null;
  let out = 'docs/bench/page.md';
  let throttling: Throttling = 'simulate';
  for (const flag of readFlags(argv)) {
    switch (flag.name) {
      case '--runs':
        runs = positiveInt(flag.name, flag.value());
        break;
      case '--dist':
        dist = flag.value();
        break;
      case '--baseline':
        baseline = flag.value();
        break;
      case '--write-baseline':
        writeBaseline = flag.value();
        break;
      case '--out':
        out = flag.value();
        break;
      case '--throttling': {
        const value = flag.value();
        if (value !== 'simulate' && value !== 'devtools') throw new UsageError(`--throttling is simulate or devtools, not ${value}`);
        throttling = value;
        break;
      }
      default:
        throw new UsageError(`unknown flag ${flag.text}`);
    }
  }
  return { runs, dist, baseline, writeBaseline, out, throttling };
}

function machine(): string {
  const cores = cpus();
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, load average ${load} at the start, Chromium ${chromiumVersion()}, Node ${process.version}`;
}

function chromiumVersion(): string {
  try {
    return execFileSync(process.env['CHROME_PATH'] ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim().replace(/^Chromium\s+/, '');
  } catch {
    return '(version unknown)';
  }
}

/** Lighthouse now and then loses a run's trace (NO_NAVSTART and the like); such a run is tried again, twice at most. */
async function runWithRetries(url: string, preset: Preset, throttling: Throttling): Promise<PageFigures> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runLighthouse(url, preset, throttling);
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`  ${preset} run failed (${error instanceof Error ? error.message : String(error)}); trying again`);
    }
  }
}

async function measure(url: string, preset: Preset, runs: number, throttling: Throttling): Promise<PageFigures> {
  const all: PageFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const figures = await runWithRetries(url, preset, throttling);
    console.log(`  ${preset} run ${i + 1}/${runs}: performance ${figures.performance}, TBT ${Math.round(figures.totalBlockingTime)} ms, TTI ${Math.round(figures.timeToInteractive)} ms, LCP ${Math.round(figures.largestContentfulPaint)} ms, CLS ${figures.cumulativeLayoutShift.toFixed(3)}`);
    all.push(figures);
  }
  return medianRun(all);
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const dist = options.dist ?? 'dist';
  if (options.dist === null) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} holds no built page (index.html); build it with npm run build`);
  const described = machine();
  const server = await servePage(dist);
  let mobile: PageFigures;
  let desktop: PageFigures;
  try {
    console.log(`Lighthouse on ${server.url} (${options.throttling} throttling, ${options.runs} runs per preset, median kept)`);
    mobile = await measure(server.url, 'mobile', options.runs, options.throttling);
    desktop = await measure(server.url, 'desktop', options.runs, options.throttling);
  } finally {
    await server.close();
  }
  const assets = join(dist, 'assets');
  const tfjsChunks = new Set(readdirSync(assets).filter((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes(TFJS_CORE_MARK)));
  const chunks = chunkSizes(dist, mobile.requests);
  const tfjsOnPage = chunks.filter((c) => c.fetchedBy === 'page' && tfjsChunks.has(c.file)).map((c) => c.file);
  const workersStarted = chunks.filter((c) => c.fetchedBy !== null && c.file.includes('.worker')).map((c) => c.file);
  const checks = [
    ...targetLines(mobile, MOBILE_TARGETS),
    ...targetLines(desktop, DESKTOP_TARGETS),
    `${tfjsOnPage.length === 0 ? 'PASS' : 'MISS'} tfjs-core not loaded by the page itself (only by a worker)${tfjsOnPage.length === 0 ? '' : `: ${tfjsOnPage.join(', ')}`}`,
  ];
  // The baseline was measured with simulate throttling: only comparable to a run with the same.
  const baseline = options.throttling === 'simulate' && existsSync(options.baseline) ? (JSON.parse(readFileSync(options.baseline, 'utf8')) as Baseline) : null;
  const figures = [...FIGURES_HEADER, ...(baseline === null ? [] : baseline.runs.map((r) => figuresRow(baseline.label, r))), figuresRow('this build', mobile), figuresRow('this build', desktop)];
  const table = chunkTable(chunks, tfjsChunks);
  console.log(['', ...figures, '', ...checks, '', `workers started during the run: ${workersStarted.length === 0 ? 'none' : workersStarted.join(', ')}`, '', ...table].join('\n'));
  if (options.writeBaseline !== null) {
    const saved: Baseline = { label: `baseline (${new Date().toISOString().slice(0, 10)})`, runs: [mobile, desktop] };
    writeFileSync(options.writeBaseline, `${JSON.stringify(saved, null, 2)}\n`);
  }
  const doc = [
    '# The page on a slow phone (`npm run bench:page`)',
    '',
    'Lighthouse 12 (mobile preset: a mid-range phone on slow 4G with a 4× CPU slowdown; desktop preset), run on the built page served as `npm run preview` serves it (COOP/COEP and the page’s Content-Security-Policy), in headless Chromium, median of ' + options.runs + ' runs per preset, with ' + (options.throttling === 'simulate' ? 'Lighthouse’s default *simulate* throttling: the page loads at full speed and Lighthouse models the throttled timings from the trace. Those models scale the tasks it observed, so a busy machine still inflates them; the load average below says how busy this one was.' : '*devtools* throttling: the CPU and network are slowed for real while the page loads.'),
    '',
    `Machine: ${described}. A load average above the number of cores means other work shared the CPU during the runs, which inflates the blocking time and spreads the runs.`,
    '',
    '## Figures',
    '',
    ...figures,
    '',
    ...checks.map((c) => `- ${c}`),
    `- workers started during the run: ${workersStarted.length === 0 ? 'none' : workersStarted.join(', ')}`,
    '',
    '## Reading the figures',
    '',
    'The Race is the landing view and comes with the page; Setup, Run, Inspector, Manual, Results and Saved are chunks fetched when their tab first opens, or one per idle moment once the backend probe is done (so the table below counts them as fetched by the page, after it was interactive). The page’s state beyond the Race (the saved studies, the setup editor, the inspector, the manual duel, the user’s data, Optuna files) is a chunk of its own too, fetched once the page has loaded and the browser reports an idle moment, so the first paint waits only for the Race’s code. The landing race starts at the next idle moment; the backend probe (a trial worker, which fetches tfjs) starts after that race has ended. Two things still block the main thread on the simulated phone: the first tasks, which evaluate the page’s script, mount the Race view and then its charts (the curves and one map per strategy, a task each), and the landing race, whose Bayesian steps and redraws run in tasks the race cuts to 8 ms of real time. Simulate throttling counts each observed task four times over (an 8 ms slice counts as 32 ms), so a step that cannot be cut (one GP fit, one acquisition step, one redraw of the maps) counts beyond 50 ms; `--throttling devtools` slows the CPU for real, and the race then slices as it would on the phone.',
    '',
    '## Chunks',
    '',
    'Each JavaScript and CSS file of the build, and who fetched it during the mobile run (from Lighthouse’s network log): the page itself, a worker, or nobody (fetched on demand, when a view opens or a study starts).',
    '',
    ...table,
    '',
  ].join('\n');
  console.log(`\nwrote ${writeBenchDoc(dirname(options.out), options.out.split('/').pop() ?? 'page.md', doc)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : error);
  process.exit(1);
});
