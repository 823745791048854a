/** preprocessing.json: written for tables and images, read back strictly, every wrong field named. */
import { describe, expect, it } from 'vitest';
import { chooseTarget, fitPreprocessing, parseTable, profileColumns } from '../../../src/training/table';
import { checkPreprocessingJson, imagePreprocessingJson, PreprocessingJsonError, tablePreprocessingJson } from '../../../src/training/user-data/preprocessing-json';
import { thrownBy } from '../../thrown';

const table = parseTable(new TextEncoder().encode('x,colour,y\n1.5,red,a\n2.5,blue,b\n3.5,,a\n4.5,red,b\n'));
const profiles = profileColumns(table);
const classification = tablePreprocessingJson(fitPreprocessing(table, profiles, chooseTarget(table, profiles, 'y'), [0, 1, 2, 3]), null);
const regression = tablePreprocessingJson(fitPreprocessing(table, profiles, chooseTarget(table, profiles, 'x'), [0, 1, 2, 3]), { mean: 3, std: 1.1 });
const images = imagePreprocessingJson(32, 1, ['cat', 'dog']);

/** A deep copy of a JSON value with `change` applied. */
function edited(value: unknown, change: (copy: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(value));
  change(copy);
  return copy;
}

const refusal = (raw: unknown) => thrownBy(PreprocessingJsonError, () => checkPreprocessingJson(raw));

describe('writing preprocessing.json', () => {
  it('holds the table preprocessing, the labels for classification and the target scale for regression', () => {
    expect(classification).toMatchObject({ format: 'tfjs-tuner.preprocessing/1', task: 'classification', labels: ['a', 'b'], targetScale: null, input: { kind: 'table' } });
    expect(regression).toMatchObject({ task: 'regression', labels: null, targetScale: { mean: 3, std: 1.1 } });
    expect(images).toEqual({ format: 'tfjs-tuner.preprocessing/1', task: 'classification', input: { kind: 'images', side: 32, channels: 1, scale: 255 }, labels: ['cat', 'dog'], targetScale: null });
  });

  it('reads back what it writes, through JSON', () => {
    for (const written of [classification, regression, images]) expect(checkPreprocessingJson(JSON.parse(JSON.stringify(written)))).toEqual(written);
  });
});

describe('checkPreprocessingJson refuses, naming the field', () => {
  const cases: { name: string; raw: unknown; field: string; message: RegExp }[] = [
    { name: 'not an object', raw: [1], field: '', message: /the file must be an object/ },
    { name: 'another format', raw: edited(images, (c) => (c.format = 'other/1')), field: 'format', message: /must be "tfjs-tuner.preprocessing\/1"/ },
    { name: 'an unknown task', raw: edited(images, (c) => (c.task = 'ranking')), field: 'task', message: /"classification" or "regression"/ },
    { name: 'a missing field', raw: edited(images, (c) => delete c.labels), field: 'labels', message: /is missing/ },
    { name: 'an unknown field', raw: edited(images, (c) => (c.extra = 1)), field: 'extra', message: /is not a field of preprocessing.json/ },
    { name: 'an image side out of range', raw: edited(images, (c) => (c.input.side = 20)), field: 'input.side', message: /from 28 to 96, got 20/ },
    { name: 'two channels', raw: edited(images, (c) => (c.input.channels = 2)), field: 'input.channels', message: /1 \(grey\) or 3 \(colour\)/ },
    { name: 'one label', raw: edited(images, (c) => (c.labels = ['cat'])), field: 'labels', message: /at least 2 names/ },
    { name: 'a repeated label', raw: edited(images, (c) => (c.labels = ['cat', 'cat'])), field: 'labels[1]', message: /repeats "cat"/ },
    { name: 'a zero std', raw: edited(classification, (c) => (c.input.table.features[0].std = 0)), field: 'input.table.features[0].std', message: /positive number, got 0/ },
    { name: 'a wrong offset', raw: edited(classification, (c) => (c.input.table.features[1].offset = 3)), field: 'input.table.features[1].offset', message: /must be 1/ },
    { name: 'a wrong feature count', raw: edited(classification, (c) => (c.input.table.featureCount = 9)), field: 'input.table.featureCount', message: /must be 4/ },
    { name: 'a feature of no column', raw: edited(classification, (c) => (c.input.table.features[0].column = 'w')), field: 'input.table.features[0].column', message: /not one of "columns"/ },
    { name: 'labels that differ from the target', raw: edited(classification, (c) => (c.labels = ['b', 'a'])), field: 'labels', message: /same order/ },
    { name: 'a regression file without a scale', raw: edited(regression, (c) => (c.targetScale = null)), field: 'targetScale', message: /must be an object/ },
    { name: 'a target task other than the file', raw: edited(regression, (c) => (c.task = 'classification')), field: 'input.table.target.task', message: /the file's task "classification"/ },
  ];
  for (const { name, raw, field, message } of cases) {
    it(`refuses ${name}`, () => {
      const error = refusal(raw);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith('preprocessing.json: ')).toBe(true);
    });
  }
});
