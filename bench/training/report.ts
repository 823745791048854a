/**
 * The training benchmark's tables: samples/s per backend and setting (with the ratio to tfjs's cpu
 * backend), PyTorch from the same run beside wasm at the same thread count, the targets with
 * PASS/MISS, and trials per minute of the default MNIST study.
 *
 * Notation: r(a ÷ b) = samples/s of a over samples/s of b, both from this run; a target is met
 * (PASS) when r ≥ its threshold.
 */
import type { Table } from '../tuner/table';
import type { BenchBackend, ScalingReport, ThroughputReport } from './page';
import type { NodeWasmReport } from './node-wasm';
import type { PyTorchReport, RunOutcome } from './reference-runs';

/** One throughput row: what ran, and its figures or why there are none. */
export interface ThroughputRow {
  readonly backend: BenchBackend;
  readonly samples: number;
  readonly result: ThroughputReport | string;
}

/** Everything one run measured. */
export interface BenchFigures {
  readonly throughput: readonly ThroughputRow[];
  readonly node: RunOutcome<NodeWasmReport>;
  /** PyTorch with 1 and with 2 threads. */
  readonly pytorch: Readonly<Record<1 | 2, RunOutcome<PyTorchReport>>>;
  readonly study: readonly ScalingReport[];
}

/** wasm ÷ tfjs cpu, at least (the target). */
export const CPU_SPEEDUP_TARGET = 10;
/** wasm ÷ PyTorch at the same thread count, at least. */
export const PYTORCH_SHARE_TARGET = 0.35;

const fixed = (value: number, digits = 0) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const percent = (ratio: number) => `${fixed(ratio * 100)} %`;
const times = (ratio: number) => `${fixed(ratio, ratio < 10 ? 2 : 1)}×`;

/** The row's label, e.g. "wasm, 1 thread, SIMD". */
export function settingLabel(backend: BenchBackend): string {
  if (backend.name !== 'wasm') return backend.name;
  const { threads, simd } = backend.wasm;
  return `wasm, ${threads} thread${threads === 1 ? '' : 's'}, ${simd ? 'SIMD' : 'no SIMD'}`;
}

function rate(row: ThroughputRow | undefined): number | null {
  return row === undefined || typeof row.result === 'string' ? null : row.result.samplesPerSecond;
}

const isWasm = (threads: number, simd: boolean) => (row: ThroughputRow) => row.backend.name === 'wasm' && row.backend.wasm.threads === threads && row.backend.wasm.simd === simd;

function cpuRate(figures: BenchFigures): number | null {
  return rate(figures.throughput.find((row) => row.backend.name === 'cpu'));
}

/** The fastest wasm row, or null when none ran. */
function bestWasm(figures: BenchFigures): ThroughputRow | null {
  let best: ThroughputRow | null = null;
  for (const row of figures.throughput) {
    if (row.backend.name !== 'wasm') continue;
    const r = rate(row);
    if (r !== null && (best === null || r > (rate(best) ?? 0))) best = row;
  }
  return best;
}

const pytorchRate = (outcome: RunOutcome<PyTorchReport>) => (outcome.kind === 'ran' ? outcome.value.samplesPerSecond : null);

export function throughputTable(figures: BenchFigures, title: string): Table {
  const cpu = cpuRate(figures);
  const ratio = (r: number) => (cpu === null ? '—' : times(r / cpu));
  const rows = figures.throughput.map(({ backend, samples, result }) =>
    typeof result === 'string'
      ? [settingLabel(backend), fixed(samples), '—', '—', '—', result]
      : [settingLabel(backend), fixed(samples), fixed(result.samplesPerSecond), ratio(result.samplesPerSecond), fixed(result.warmupMs / 1000, 1), result.report.detail],
  );
  const node = figures.node;
  rows.push(
    node.kind === 'ran'
      ? ['wasm in Node, 1 thread, SIMD', '—', fixed(node.value.samplesPerSecond), ratio(node.value.samplesPerSecond), fixed(node.value.warmupMs / 1000, 1), node.value.detail]
      : ['wasm in Node, 1 thread, SIMD', '—', '—', '—', '—', node.why],
  );
  return {
    title,
    header: ['backend', 'samples', 'samples/s', 'vs tfjs cpu', 'warm-up s', 'detail'],
    rows,
    rightAligned: [1, 2, 3, 4],
    notes: [
      'samples/s: training steps only (batch assembly, forward, backward, Adam, the loss read back), after a warm-up trial; validation excluded.',
      'Best of 3 timed one-epoch trials on wasm, of 2 on webgl and cpu, 1 on webgpu: other work on the machine only ever slows a trial down.',
      'tfjs ships no threaded binary without SIMD: "2 threads, no SIMD" runs the plain binary on one thread (its detail says so).',
    ],
  };
}

export function pytorchTable(figures: BenchFigures, samples: number): Table {
  const rows = ([1, 2] as const).map((threads) => {
    const outcome = figures.pytorch[threads];
    const wasm = rate(figures.throughput.find(isWasm(threads, true)));
    const torch = pytorchRate(outcome);
    return [
      String(threads),
      torch === null ? '—' : fixed(torch),
      wasm === null ? '—' : fixed(wasm),
      torch === null || wasm === null ? '—' : percent(wasm / torch),
      outcome.kind === 'ran' ? `torch ${outcome.value.torch}, ${fixed(outcome.value.paramCount)} params` : outcome.why,
    ];
  });
  return {
    title: `PyTorch on the same network, same run (CPU, batch 64, Adam, ${fixed(samples)} samples per epoch, best of 3 epochs)`,
    header: ['threads', 'PyTorch samples/s', 'wasm SIMD samples/s', 'wasm ÷ PyTorch', 'detail'],
    rows,
    rightAligned: [0, 1, 2, 3],
    notes: [
      'Threads pinned with torch.set_num_threads and OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS (Debian\'s build ignores set_num_threads for its BLAS).',
      'Two threads on two cores (PyTorch\'s or wasm\'s) slow down sharply whenever other work holds a core, as each step waits for its slower thread: compare the 2-thread rows only on a quiet machine.',
    ],
  };
}

/** One target: its figure, threshold and verdict; '—' where a figure is missing. */
function target(name: string, value: number | null, threshold: number, show: (r: number) => string): string[] {
  if (value === null) return [name, '—', `≥ ${show(threshold)}`, 'not measured'];
  return [name, show(value), `≥ ${show(threshold)}`, value >= threshold ? 'PASS' : 'MISS'];
}

export function targetTable(figures: BenchFigures): Table {
  const cpu = cpuRate(figures);
  const best = bestWasm(figures);
  const over = (a: number | null, b: number | null) => (a === null || b === null ? null : a / b);
  const oneThread = rate(figures.throughput.find(isWasm(1, true)));
  const twoThreads = rate(figures.throughput.find(isWasm(2, true)));
  return {
    title: 'Targets (issue 12, tiny CNN)',
    header: ['ratio', 'measured', 'target', 'verdict'],
    rows: [
      target(`best wasm (${best === null ? '—' : settingLabel(best.backend)}) ÷ tfjs cpu`, over(rate(best ?? undefined), cpu), CPU_SPEEDUP_TARGET, times),
      target('wasm 1 thread SIMD ÷ tfjs cpu', over(oneThread, cpu), CPU_SPEEDUP_TARGET, times),
      target('wasm 1 thread SIMD ÷ PyTorch 1 thread', over(oneThread, pytorchRate(figures.pytorch[1])), PYTORCH_SHARE_TARGET, percent),
      target('wasm 2 threads SIMD ÷ PyTorch 2 threads', over(twoThreads, pytorchRate(figures.pytorch[2])), PYTORCH_SHARE_TARGET, percent),
      target('wasm in Node 1 thread SIMD ÷ PyTorch 1 thread', over(figures.node.kind === 'ran' ? figures.node.value.samplesPerSecond : null, pytorchRate(figures.pytorch[1])), PYTORCH_SHARE_TARGET, percent),
    ],
    rightAligned: [1, 2],
  };
}

export function studyTable(figures: BenchFigures, title: string): Table {
  const one = figures.study[0];
  return {
    title,
    header: ['workers', 'trials', 'wall s', 'trials/min', 'vs 1 worker', 'states', 'backend'],
    rows: figures.study.map((s) => [
      String(s.workers),
      String(s.trials),
      fixed(s.wallMs / 1000, 1),
      fixed(s.trialsPerMinute, 1),
      one === undefined ? '—' : times(s.trialsPerMinute / one.trialsPerMinute),
      summarise(s.states),
      [...new Set(s.backends)].join('; '),
    ]),
    rightAligned: [0, 1, 2, 3, 4],
    notes: [
      'Wall time from the first trial\'s start to the last one\'s end, worker start-up excluded; each trial trains its epochs and is validated after each.',
      'The GP\'s first trials come from its seeded Sobol start-up design, the same configurations whatever the worker count; the last ones depend on what was observed.',
    ],
  };
}

/** "12 complete" or "11 complete, 1 failed". */
function summarise(states: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const state of states) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}
