/**
 * The usage snippet as a program: run verbatim (its tfjs import pointed at this process's tfjs, and
 * `fetch` serving the three downloaded files from memory), it loads a tiny model saved through
 * `tf.io.withSaveHandler` and predicts its example row as the model does on the encoded row.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { modelFiles } from '../../../src/training/serve/model-export';
import { encodeRow, type Preprocessing } from '../../../src/training/table';
import { tablePreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { exampleRow, usageSnippet } from '../../../src/ui/model-export/usage-snippet';

const TABLE: Preprocessing = {
  format: 'table-preprocessing',
  version: 1,
  columns: ['x', 'colour', 'y', 'target'],
  features: [
    { kind: 'numeric', column: 'x', offset: 0, mean: 2, std: 0.5 },
    { kind: 'categorical', column: 'colour', offset: 1, categories: ['blue', 'red'], missingSlot: true },
    { kind: 'numeric', column: 'y', offset: 4, mean: -1, std: 3 },
  ],
  featureCount: 5,
  leftOut: [],
  target: { task: 'classification', column: 'target', labels: ['a', 'b', 'c'] },
};
const folder = mkdtempSync(join(tmpdir(), 'usage-snippet-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the usage snippet, run', () => {
  it('loads model.json, weights.bin and preprocessing.json and predicts its example row as the model does', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'softmax', inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
    const { modelJson, weights } = await modelFiles(model);
    const preprocessing = tablePreprocessingJson(TABLE, null);
    const served: Record<string, () => Response> = {
      'model.json': () => new Response(modelJson, { headers: { 'content-type': 'application/json' } }),
      'weights.bin': () => new Response(weights),
      'preprocessing.json': () => new Response(JSON.stringify(preprocessing), { headers: { 'content-type': 'application/json' } }),
    };
    vi.stubGlobal('fetch', async (url: string | URL | Request) => {
      const name = String(url instanceof Request ? url.url : url).split('/').pop() ?? '';
      const file = served[name];
      return file === undefined ? new Response('not found', { status: 404 }) : file();
    });
    (globalThis as { snippetTf?: typeof tf }).snippetTf = tf;
    const logged: unknown[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logged.push(value));
    try {
      const program = usageSnippet(preprocessing).replace("import * as tf from '@tensorflow/tfjs';", 'const tf = globalThis.snippetTf;');
      const file = join(folder, 'snippet.mjs');
      writeFileSync(file, program);
      await import(/* @vite-ignore */ pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      vi.unstubAllGlobals();
    }
    const expected = Array.from((model.predict(tf.tensor2d(encodeRow(TABLE, exampleRow(preprocessing)), [1, 5])) as tf.Tensor).dataSync());
    const best = expected.indexOf(Math.max(...expected));
    expect(logged).toHaveLength(1);
    const printed = logged[0] as { label: string; probabilities: { label: string; probability: number }[] };
    expect(printed.label).toBe(['a', 'b', 'c'][best]);
    printed.probabilities.forEach((p, i) => expect(p.probability).toBeCloseTo(expected[i] as number, 6));
  });
});
