/**
 * The page: one tune() call runs the study over two workers (GP-EI proposes, ASHA stops the
 * unpromising trials early) and shows each trial's progress as it happens.
 */
import { tune, type TuneEvent } from 'tfjs-tuner';

const trials = Number(new URLSearchParams(location.search).get('trials') ?? '8');
const epochs = 6;

const status = document.querySelector<HTMLElement>('#status')!;
const progress = document.querySelector<HTMLProgressElement>('#progress')!;
const table = document.querySelector<HTMLElement>('#trials')!;
const best = document.querySelector<HTMLElement>('#best')!;
progress.max = trials;

/** One table row per trial, filled in as its events arrive. */
function row(trialId: number): HTMLTableRowElement {
  let found = table.querySelector<HTMLTableRowElement>(`tr[data-trial="${trialId}"]`);
  if (found === null) {
    found = document.createElement('tr');
    found.dataset.trial = String(trialId);
    found.innerHTML = '<td></td><td></td><td></td><td></td><td></td><td></td>';
    found.cells[0].textContent = `#${trialId}`;
    table.append(found);
  }
  return found;
}

function show(event: TuneEvent): void {
  switch (event.type) {
    case 'trial-started': {
      const r = row(event.trialId);
      r.dataset.worker = String(event.worker);
      r.cells[1].textContent = String(event.worker);
      r.cells[2].textContent = JSON.stringify(event.params);
      r.cells[5].textContent = 'running';
      break;
    }
    case 'trial-reported': {
      const r = row(event.trialId);
      r.cells[3].textContent = `${event.epoch}/${epochs}`;
      r.cells[4].textContent = event.metrics.valLoss?.toFixed(4) ?? '';
      break;
    }
    case 'trial-finished': {
      const r = row(event.trialId);
      r.dataset.state = event.state;
      r.cells[5].textContent = event.reason === null ? event.state : `${event.state}: ${event.reason}`;
      progress.value += 1;
      break;
    }
    case 'finished':
      status.textContent = event.message;
      break;
    default:
      break;
  }
}

try {
  const study = await tune({
    worker: () => new Worker(new URL('./trials.worker.ts', import.meta.url), { type: 'module' }),
    workers: 2,
    backend: 'cpu', // a network this small trains fastest on the CPU; 'auto' tries WebGPU, then WebGL
    space: {
      learningRate: { type: 'float', low: 1e-3, high: 1e-1, log: true },
      units: { type: 'int', low: 4, high: 32, step: 4 },
      activation: { type: 'categorical', choices: ['relu', 'tanh'] },
    },
    objective: { metric: 'valLoss', direction: 'minimize' },
    sampler: 'gp',
    scheduler: { name: 'asha', options: { minEpochs: 2, reductionFactor: 3, mode: 'stopping' } },
    epochs,
    trials,
    seed: 1,
    onEvent: show,
  });
  const winner = study.best;
  best.textContent = winner === null ? 'No trial completed.' : `Best valLoss ${winner.value?.toFixed(4)} with ${JSON.stringify(winner.params)}`;
  status.dataset.state = 'done';
} catch (error) {
  status.textContent = `The study failed: ${error instanceof Error ? error.message : String(error)}`;
  status.dataset.state = 'failed';
}
