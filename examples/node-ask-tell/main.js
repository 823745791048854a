// @ts-check
/**
 * The engine alone, in Node (`tfjs-tuner/engine`: no tfjs, no DOM): GP-EI tunes an arbitrary
 * function with ask/tell. The objective here is a cheap formula; in practice it is anything you can
 * run and score: a build, a simulation, a model trained elsewhere.
 *
 *   npm install && npm start
 */
import { createStudy, loadStudy } from 'tfjs-tuner/engine';

/**
 * What we tune: a bumpy valley with its minimum near x = 0.7, y = -1.3, best with shape 'ring'.
 * @param {import('tfjs-tuner/engine').Params} params
 */
function objective(params) {
  const x = Number(params.x);
  const y = Number(params.y);
  const bumps = 0.1 * Math.sin(8 * x) * Math.cos(8 * y);
  const penalty = params.shape === 'ring' ? 0 : params.shape === 'disc' ? 0.3 : 0.6;
  return (x - 0.7) ** 2 + (y + 1.3) ** 2 + bumps + penalty;
}

const study = createStudy({
  space: {
    x: { type: 'float', low: -2, high: 2 },
    y: { type: 'float', low: -2, high: 2 },
    shape: { type: 'categorical', choices: ['ring', 'disc', 'square'] },
  },
  sampler: 'gp',
  direction: 'minimize',
  seed: 7,
});

// Put a configuration you already know first in line (as Optuna's enqueue_trial).
study.enqueue({ x: 0, y: 0, shape: 'square' });

for (let i = 0; i < 30; i++) {
  const { id, params } = study.ask();
  study.tell(id, objective(params));
}

const best = study.best;
if (best === null) throw new Error('no trial completed');
console.log(`best of ${study.trials.length} trials: ${best.value?.toFixed(4)} at`, best.params);

// A study is plain JSON: save it, load it, and go on where it stopped.
const resumed = loadStudy(JSON.stringify(study.toJSON()));
const next = resumed.ask();
console.log(`after reloading, trial #${next.id} tries`, next.params);
