/**
 * The short program shown beside a downloaded model: how to load model.json, weights.bin and
 * preprocessing.json in a web page with TensorFlow.js and predict one table row or one image, doing
 * exactly what the page's predictor does (standardise numbers, one-hot categories in
 * preprocessing.json's order, impute as it says; or resize, convert and scale an image). The
 * encoders are kept as separate sources so that tests can run them against the page's own.
 */
import type { PreprocessingJson } from '../../training';

/**
 * `encodeRow(prep, row)`: one row (column → value) as the model's input, a Float32Array of
 * prep.input.table.featureCount values. Same rules as the page: the missing tokens, a missing
 * number imputed with the training mean (0 once standardised), a missing category on its own slot
 * when training had one, an unseen category as all zeros.
 */
export const TABLE_ENCODER_SOURCE = `const MISSING = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];
const isMissing = (v) => v === undefined || v === null || MISSING.includes(String(v).trim().toLowerCase());

// One row ({ column: value }) as the model's input, following preprocessing.json.
function encodeRow(prep, row) {
  const { features, featureCount } = prep.input.table;
  const x = new Float32Array(featureCount);
  for (const f of features) {
    const v = row[f.column];
    if (f.kind === 'numeric') {
      // Standardised with the training rows' mean and std; missing → the mean (0).
      const n = isMissing(v) ? NaN : Number(String(v).trim());
      x[f.offset] = Number.isFinite(n) ? (n - f.mean) / f.std : 0;
    } else {
      // One-hot in preprocessing.json's order; missing → its own last slot if training had one;
      // a category training never saw → all zeros.
      const i = isMissing(v) ? (f.missingSlot ? f.categories.length : -1) : f.categories.indexOf(String(v).trim());
      if (i >= 0) x[f.offset + i] = 1;
    }
  }
  return x;
}`;

/**
 * `encodeImage(prep, blob)`: one image as the model's input, as the page decodes it: resized
 * (stretched) to side × side by createImageBitmap, composited over black (RGB × alpha), grey as
 * BT.601 luma (0.299 R + 0.587 G + 0.114 B) or RGB, divided by prep.input.scale.
 */
export const IMAGE_ENCODER_SOURCE = `// One image (a File or Blob) as the model's input, following preprocessing.json:
// stretched to side × side, composited over black, grey (BT.601 luma) or RGB, divided by scale.
async function encodeImage(prep, blob) {
  const { side, channels, scale } = prep.input;
  const bitmap = await createImageBitmap(blob, { resizeWidth: side, resizeHeight: side, resizeQuality: 'high' });
  const context = new OffscreenCanvas(side, side).getContext('2d');
  context.drawImage(bitmap, 0, 0, side, side);
  bitmap.close();
  const rgba = context.getImageData(0, 0, side, side).data;
  const x = new Float32Array(side * side * channels);
  for (let p = 0; p < side * side; p++) {
    const a = rgba[4 * p + 3] / 255;
    const [r, g, b] = [a * rgba[4 * p], a * rgba[4 * p + 1], a * rgba[4 * p + 2]];
    if (channels === 1) x[p] = (0.299 * r + 0.587 * g + 0.114 * b) / scale;
    else [x[3 * p], x[3 * p + 1], x[3 * p + 2]] = [r / scale, g / scale, b / scale];
  }
  return x;
}`;

/** A row of example values for the snippet's last line: each column's mean, or its first category. */
export function exampleRow(preprocessing: PreprocessingJson): Record<string, string | number> {
  const input = preprocessing.input;
  if (input.kind !== 'table') return {};
  const row: Record<string, string | number> = {};
  for (const feature of input.table.features) {
    row[feature.column] = feature.kind === 'numeric' ? Number(feature.mean.toPrecision(4)) : (feature.categories[0] ?? '');
  }
  return row;
}

/** The program: load the three files, then a `predict` function for one row or one image. */
export function usageSnippet(preprocessing: PreprocessingJson): string {
  const table = preprocessing.input.kind === 'table';
  const output =
    preprocessing.task === 'classification'
      ? `  // Output i is the probability of prep.labels[i].
  const probabilities = prep.labels.map((label, i) => ({ label, probability: y[i] }));
  const best = probabilities.reduce((a, b) => (b.probability > a.probability ? b : a));
  return { label: best.label, probabilities };`
      : `  // The model predicts the standardised target: put it back on its scale.
  return y[0] * prep.targetScale.std + prep.targetScale.mean;`;
  const shape = table ? '[1, prep.input.table.featureCount]' : '[1, prep.input.side, prep.input.side, prep.input.channels]';
  const input = table ? 'encodeRow(prep, row)' : 'await encodeImage(prep, image)';
  const argument = table ? 'row' : 'image';
  const call = table
    ? `console.log(await predict(${JSON.stringify(exampleRow(preprocessing))}));`
    : `// e.g. with <input type="file" accept="image/*"> on the page:
document.querySelector('input[type=file]').onchange = async (event) => console.log(await predict(event.target.files[0]));`;
  return `import * as tf from '@tensorflow/tfjs';

// model.json, weights.bin and preprocessing.json, served beside the page.
const model = await tf.loadLayersModel('model.json');
const prep = await (await fetch('preprocessing.json')).json();

${table ? TABLE_ENCODER_SOURCE : IMAGE_ENCODER_SOURCE}

async function predict(${argument}) {
  const x = tf.tensor(${input}, ${shape});
  const output = model.predict(x);
  const y = await output.data();
  tf.dispose([x, output]);
${output}
}

${call}
`;
}

/** The README shown with the download: the three files, then the program. */
export function usageReadme(preprocessing: PreprocessingJson, datasetName: string): string {
  const what = preprocessing.task === 'classification' ? `classifies into ${preprocessing.labels?.length ?? 0} classes (${(preprocessing.labels ?? []).join(', ')})` : 'predicts a number';
  return `A TensorFlow.js model tuned on ${datasetName}; it ${what}.

model.json          the network (tfjs layers format); its manifest names weights.bin
weights.bin         the trained weights
preprocessing.json  how a ${preprocessing.input.kind === 'table' ? 'row' : 'picture'} becomes the model's input, and what its outputs mean

Load and predict in a page (an ES module, TensorFlow.js 4):

${usageSnippet(preprocessing)}`;
}
