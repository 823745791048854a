/** Tables and targets of `npm run bench:schedulers` (figures are medians over seeds). */
import { formatNumber, type Table } from '../tuner/table';
import { PBT_SPEC, PBT_TASK, REACH_TASK, type PbtRow, type ReachRow } from './experiments';

/** The q-quantile of values that may be +∞ (never reached): order statistics, interpolated only between finite ones. */
export function quantileInf(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const a = sorted[Math.floor(pos)] as number;
  const b = sorted[Math.ceil(pos)] as number;
  return a === b || !Number.isFinite(b) ? (pos === Math.floor(pos) ? a : b) : a + (b - a) * (pos - Math.floor(pos));
}

export const medianInf = (values: readonly number[]): number => quantileInf(values, 0.5);

const ratio = (a: number, b: number): number => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : a === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Number.NaN);

function rowOf(rows: readonly ReachRow[], label: string): ReachRow {
  const row = rows.find((r) => r.label === label);
  if (row === undefined) throw new Error(`no row "${label}"`);
  return row;
}

export function reachTable(rows: readonly ReachRow[], seeds: number): Table {
  const fifo = rowOf(rows, 'FIFO (random)');
  const asha = rowOf(rows, 'ASHA (random)');
  const t = REACH_TASK;
  return {
    title: `Compute to reach random search's final best (${t.objective.name}, R = ${t.maxEpochs}, ${t.workers} workers, ${t.budgetSeconds} s simulated, ${seeds} seeds)`,
    header: ['scheduler', 'reached', 'epochs', 'worker-s', 'epochs ÷ FIFO', 'worker-s ÷ FIFO', 'epochs ÷ ASHA', 'worker-s ÷ ASHA', 'noise-free: epochs ÷ FIFO'],
    rows: rows.map((r) => {
      const reached = r.epochs.filter(Number.isFinite).length;
      const [e, ws] = [medianInf(r.epochs), medianInf(r.workerSeconds)];
      return [
        r.label,
        `${reached}/${r.epochs.length}`,
        formatNumber(e),
        formatNumber(ws),
        formatNumber(ratio(e, medianInf(fifo.epochs))),
        formatNumber(ratio(ws, medianInf(fifo.workerSeconds))),
        formatNumber(ratio(e, medianInf(asha.epochs))),
        formatNumber(ratio(ws, medianInf(asha.workerSeconds))),
        formatNumber(ratio(medianInf(r.noiseFreeEpochs), medianInf(fifo.noiseFreeEpochs))),
      ];
    }),
    rightAligned: [1, 2, 3, 4, 5, 6, 7, 8],
    notes: [
      'Target per seed: the best value FIFO + random sampling reported within the budget. Figures: medians over seeds of the compute',
      'trained when a scheduler first reported a value ≤ the target (∞ when it never did); ratios are ratios of those medians.',
      'Epochs: epochs trained. Worker-s: their simulated cost, 0.4 s + 1.2 s · (units / 128) · (32 / batch) per epoch (0.44 to 10 s);',
      'the backend charges nothing to start or resume a trial (startupMs = 0, resumes continue from checkpoints). Noise-free: the same',
      'measure with the noise taken out of the target and the incumbents (run.ts), a check that no figure rests on a lucky draw.',
    ],
  };
}

export function finalTable(rows: readonly ReachRow[]): Table {
  const fifo = medianInf(rowOf(rows, 'FIFO (random)').finalBest);
  return {
    title: `Best value at the end of the budget (${REACH_TASK.objective.name}; lower is better)`,
    header: ['scheduler', 'median', 'q1', 'q3', '− FIFO', 'trials started'],
    rows: rows.map((r) => {
      const m = medianInf(r.finalBest);
      return [r.label, m.toFixed(4), quantileInf(r.finalBest, 0.25).toFixed(4), quantileInf(r.finalBest, 0.75).toFixed(4), (m - fifo).toFixed(4), formatNumber(medianInf(r.trials))];
    }),
    rightAligned: [1, 2, 3, 4, 5],
  };
}

export function pbtTable(rows: readonly PbtRow[], bestFixed: number): Table {
  const pbt = rows.map((r) => r.pbtBest);
  const random = rows.map((r) => r.randomBest);
  const line = (label: string, v: readonly number[]): string[] => [
    label,
    medianInf(v).toFixed(4),
    quantileInf(v, 0.25).toFixed(4),
    quantileInf(v, 0.75).toFixed(4),
    formatNumber(ratio(medianInf(v), medianInf(random))),
  ];
  const o = PBT_SPEC.schedulerOptions;
  return {
    title: `PBT against random search (${PBT_TASK.objective.name}, R = ${PBT_TASK.maxEpochs}, ${PBT_TASK.workers} workers, population ${String(o.populationSize)}, ready every ${String(o.readyEvery)} epochs, ${rows.length} seeds)`,
    header: ['method', 'median best', 'q1', 'q3', '÷ random'],
    rows: [
      line('PBT', pbt),
      line('FIFO (random), same epochs', random),
      ['best fixed configuration (noise-free grid)', bestFixed.toFixed(4), '', '', formatNumber(ratio(bestFixed, medianInf(random)))],
    ],
    rightAligned: [1, 2, 3, 4],
    notes: [
      `PBT trains its population to R (median ${formatNumber(medianInf(rows.map((r) => r.pbtEpochs)))} epochs, ${formatNumber(medianInf(rows.map((r) => r.pbtTrials)))} trials with its children);`,
      'random search gets the same number of epochs. No fixed configuration can get below the grid optimum; a learning-rate schedule can.',
    ],
  };
}

export interface Target {
  readonly name: string;
  readonly pass: boolean;
  readonly figure: string;
}

export function checkTargets(rows: readonly ReachRow[], pbt: readonly PbtRow[], bestFixed: number): Target[] {
  const fifo = rowOf(rows, 'FIFO (random)');
  const asha = rowOf(rows, 'ASHA (random)');
  const bohb = rowOf(rows, 'BOHB');
  const ashaRatio = ratio(medianInf(asha.epochs), medianInf(fifo.epochs));
  const ashaSeconds = ratio(medianInf(asha.workerSeconds), medianInf(fifo.workerSeconds));
  const ashaEnd = medianInf(asha.finalBest);
  const bohbEnd = medianInf(bohb.finalBest);
  const pbtBest = medianInf(pbt.map((r) => r.pbtBest));
  const randomBest = medianInf(pbt.map((r) => r.randomBest));
  return [
    { name: 'ASHA needs ≤ 1/3 of FIFO random\'s compute (judged in epochs) to reach its final best', pass: ashaRatio <= 1 / 3, figure: `${formatNumber(ashaRatio)}× (worker-s ${formatNumber(ashaSeconds)}×)` },
    { name: 'BOHB beats ASHA (random sampler) at the end of the budget', pass: bohbEnd < ashaEnd, figure: `${bohbEnd.toFixed(4)} vs ${ashaEnd.toFixed(4)}` },
    { name: 'PBT beats random search at equal epochs on lr-schedule', pass: pbtBest < randomBest, figure: `${pbtBest.toFixed(4)} vs ${randomBest.toFixed(4)}` },
    { name: 'PBT beats the best fixed configuration on lr-schedule', pass: pbtBest < bestFixed, figure: `${pbtBest.toFixed(4)} vs ${bestFixed.toFixed(4)}` },
  ];
}

export function targetsTable(targets: readonly Target[]): Table {
  return {
    title: 'Targets',
    header: ['target', 'result', 'measured'],
    rows: targets.map((t) => [t.name, t.pass ? 'PASS' : 'MISS', t.figure]),
    rightAligned: [2],
    notes: [
      'ASHA\'s compute is judged in epochs, the resource every scheduler here hands out (rungs are epoch counts), so the figure does',
      'not depend on the simulated cost model; worker-s, shown beside it, weights each epoch by its simulated cost. Epoch-based rungs',
      'favour small batches (they converge in fewer epochs but cost more per epoch), so ASHA\'s worker-s ratio is the higher one.',
    ],
  };
}
