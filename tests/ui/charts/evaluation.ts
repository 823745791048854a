/**
 * Results on user data with fixed, seeded inputs: the evaluation panel on a five-class
 * classification with a class absent from the validation rows, a forty-class one, a regression and
 * a regression of 20,000 rows; and a study whose trials report several metrics each epoch, in the
 * trials table (a column per metric) and the learning curves (a metric to choose). For looking at
 * (screenshots) and for tests/ui/charts/evaluation.test.ts. Sets `window.evaluationReady` when done.
 */
import { mount, type Component } from 'svelte';
import { createRng, createStudy, type Rng, type SearchSpace } from '../../../src/tuner';
import MetricLearningCurves from '../../../src/ui/charts/MetricLearningCurves.svelte';
import TrialsTable from '../../../src/ui/charts/TrialsTable.svelte';
import EvaluationPanel from '../../../src/ui/evaluation/EvaluationPanel.svelte';
import type { ValidationPredictions } from '../../../src/ui/evaluation/validation-predictions';

declare global {
  interface Window {
    evaluationReady?: boolean;
  }
}

const root = document.getElementById('cases') as HTMLElement;

function section(id: string, title: string): HTMLElement {
  const el = document.createElement('section');
  el.id = id;
  el.className = 'case';
  const h = document.createElement('h2');
  h.textContent = title;
  el.append(h);
  root.append(el);
  return el;
}

function show(id: string, title: string, predictions: ValidationPredictions): void {
  mount(EvaluationPanel, { target: section(id, title), props: { predictions } });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function showChart<P extends Record<string, any>>(id: string, title: string, component: Component<P>, props: P): void {
  mount(component, { target: section(id, title), props });
}

/**
 * Eight trials of a classification study, each reporting loss, valLoss, valAccuracy and valMacroF1
 * for five epochs (the objective valLoss), the last still running after two.
 */
function classificationStudy() {
  const space: SearchSpace = { learningRate: { type: 'float', low: 1e-4, high: 3e-2, log: true }, units: { type: 'int', low: 8, high: 256, log: true } };
  const study = createStudy({ space, sampler: 'random', seed: 3 });
  const rng = createRng(4);
  for (let t = 0; t < 8; t++) {
    const { id } = study.ask();
    const skill = 0.5 + 0.45 * rng.next();
    const epochs = t === 7 ? 2 : 5;
    let valLoss = 1.2;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      valLoss = 1.2 * (1 - skill * (1 - Math.exp(-epoch / 2))) + 0.02 * rng.next();
      const valAccuracy = Math.min(1, 0.35 + skill * 0.6 * (1 - Math.exp(-epoch / 1.5)));
      study.report(id, epoch, valLoss, { loss: valLoss * 0.9, valLoss, valAccuracy, valMacroF1: valAccuracy * 0.92 });
    }
    if (t !== 7) study.tell(id, valLoss);
  }
  return { space, trials: study.trials };
}

/**
 * Rows of the given classes (counts per class), each predicted right with probability `right[c]`,
 * else as the next class; probabilities peaked on the predicted class.
 */
function classification(rng: Rng, names: readonly string[], counts: readonly number[], right: readonly number[]): ValidationPredictions {
  const k = names.length;
  const labels: number[] = [];
  counts.forEach((n, c) => labels.push(...Array.from({ length: n }, () => c)));
  const outputs = new Float32Array(labels.length * k);
  labels.forEach((t, i) => {
    const confused = rng.next() > (right[t] as number);
    const p = confused ? (t + 1 + Math.floor(rng.next() * 2)) % k : t;
    const peak = 0.5 + 0.45 * rng.next();
    for (let c = 0; c < k; c++) outputs[i * k + c] = c === p ? peak : (1 - peak) / (k - 1);
  });
  return { task: 'classification', actual: Int32Array.from(labels), outputs, classNames: names };
}

/** Fuel economy-like targets (10–45), predicted with noise growing with the value and a slight bias. */
function regression(rng: Rng, rows: number): ValidationPredictions {
  const actual = Float32Array.from({ length: rows }, () => 10 + 35 * rng.next() ** 1.3);
  const outputs = actual.map((y) => y - 0.6 + 0.09 * y * rng.normal());
  return { task: 'regression', actual, outputs, classNames: null };
}

show(
  'classification',
  'Classification: five weather types, one without validation rows',
  classification(createRng(7), ['drizzle', 'fog', 'rain', 'snow', 'sun'], [9, 14, 64, 0, 58], [0.3, 0.4, 0.9, 0.5, 0.85]),
);
const many = Array.from({ length: 40 }, (_, i) => `species ${String(i + 1).padStart(2, '0')}`);
show(
  'many-classes',
  'Classification: forty classes',
  classification(
    createRng(8),
    many,
    many.map((_, i) => (i === 17 ? 0 : 5 + (i % 7))),
    many.map((_, i) => 0.5 + 0.4 * ((i * 7) % 10) / 10),
  ),
);
show('regression', 'Regression: fuel economy (miles per gallon)', regression(createRng(9), 120));
show('regression-large', 'Regression: 20,000 rows', regression(createRng(10), 20_000));
const metricStudy = classificationStudy();
const LABELS: Readonly<Record<string, string>> = { valLoss: 'validation loss (cross-entropy)', valAccuracy: 'validation accuracy', valMacroF1: 'validation macro-F1', loss: 'training loss' };
showChart('metric-table', 'Trials table: a column per reported metric', TrialsTable, {
  trials: metricStudy.trials,
  space: metricStudy.space,
  direction: 'minimize',
  valueLabel: LABELS['valLoss'] as string,
  objective: 'valLoss',
  caption: 'Every trial',
});
showChart('metric-curves', 'Learning curves of a chosen metric', MetricLearningCurves, {
  trials: metricStudy.trials,
  direction: 'minimize',
  objective: 'valLoss',
  labelOf: (name: string) => LABELS[name] ?? name,
});
window.evaluationReady = true;
