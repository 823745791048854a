/**
 * The "Your data" picker, in Node with the real data-preparation API (tables): a picked CSV becomes
 * the study's `data` with the suggested target and inferred task; a refused pick names its problem
 * and keeps the previous choice; the later of two picks wins; the preview build reports the split;
 * a user's model is checked against the built table; a loaded setup's files are found again and its
 * choices restored.
 */
import { describe, expect, it } from 'vitest';
import type { PickedSourceFile } from '../../../src/training';
import { DataPicker, type DataChange } from '../../../src/ui/data/data-picker.svelte';
import type { DataSource } from '../../../src/ui/data/data-sources.svelte';
import type { UserDataSetup } from '../../../src/ui/setup/data-setup';
import { CLASSIFICATION } from '../../e2e/user-data-fixtures';
import { csv, denseModel, fruit, nodePickerDeps } from './picker-deps';

/** A picker on the real preparation API, with a register of sources and a log of its changes. */
function pickerWith(options: { folds?: number; remembered?: Map<string, DataSource> } = {}) {
  const remembered = options.remembered ?? new Map<string, DataSource>();
  const changes: DataChange[] = [];
  const picker = new DataPicker(() => ({ seed: 1, folds: options.folds ?? 1 }), (change) => changes.push(change), nodePickerDeps(remembered));
  return { picker, remembered, changes };
}

/** Builds the preview's dataset now and waits until the worker has answered. */
async function built(picker: DataPicker): Promise<void> {
  const pending = picker.pendingBuild;
  picker.requestBuild(pending);
  await expect.poll(() => {
    const build = picker.table?.build;
    return build !== undefined && (build.kind === 'built' || build.kind === 'refused') && build.key === pending?.key;
  }).toBe(true);
}

describe('DataPicker', () => {
  it('turns a picked CSV into the study’s data: suggested target, inferred task, the MLP', async () => {
    const { picker, remembered, changes } = pickerWith();
    await picker.pickTable([fruit()]);
    expect(picker.refusal).toBeNull();
    expect(picker.table?.preview.rows).toBe(CLASSIFICATION.rows);
    const data = picker.dataSetup;
    expect(data).toMatchObject({ source: 'table', name: CLASSIFICATION.name, task: 'classification', target: CLASSIFICATION.target, image: null, validationFraction: 0.2, model: { kind: 'mlp' } });
    expect(data?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect([...remembered.values()].map((s) => s.kind)).toEqual(['table']);
    expect(changes).toEqual(['picked']);
  });

  it('refuses an empty file with its message and keeps the table picked before', async () => {
    const { picker } = pickerWith();
    await picker.pickTable([fruit()]);
    const before = picker.dataSetup;
    await picker.pickTable([csv('empty.csv', '')]);
    expect(picker.refusal?.message).toMatch(/^empty\.csv was not used: the file is empty.*Your previous choice is kept\.$/);
    expect(picker.dataSetup).toEqual(before);
  });

  it('asks for one file when a table pick holds several', async () => {
    const { picker } = pickerWith();
    await picker.pickTable([csv('a.csv', 'x,y\n1,2\n'), csv('b.csv', 'x,y\n1,2\n')]);
    expect(picker.refusal?.message).toBe('Pick or drop one CSV or TSV file; 2 files were given (a.csv, b.csv).');
    expect(picker.dataSetup).toBeNull();
    expect(picker.problem).toMatch(/Pick or drop a CSV or TSV file/);
  });

  it('keeps the later of two picks made one after the other', async () => {
    const { picker } = pickerWith();
    const first = picker.pickTable([fruit()]);
    const second = picker.pickTable([csv('small.csv', 'a,b,label\n1,2,x\n2,3,y\n3,4,x\n4,5,y\n5,6,x\n6,7,y\n')]);
    await Promise.all([first, second]);
    expect(picker.table?.source.name).toBe('small.csv');
  });

  it('keeps a table and a model picked at the same time', async () => {
    const { picker } = pickerWith();
    await Promise.all([picker.pickTable([fruit()]), picker.pickModel(denseModel(11, 3))]);
    expect(picker.table?.source.name).toBe(CLASSIFICATION.name);
    expect(picker.model?.source.name).toBe('model.json');
    expect(picker.reading).toBeNull();
  });

  it('builds the preview: the split and the imputation, and changes of task kind', async () => {
    const { picker } = pickerWith();
    await picker.pickTable([fruit()]);
    await built(picker);
    const build = picker.table?.build;
    expect(build?.kind).toBe('built');
    if (build?.kind !== 'built') return;
    expect(build.report.trainRows + build.report.validationRows).toBe(CLASSIFICATION.rows);
    expect(build.report.imputed.length).toBeGreaterThan(0);
    expect(build.classNames).toEqual([...CLASSIFICATION.classes]);
    expect(picker.problem).toBeNull();

    picker.chooseTask('regression'); // a column of words cannot be a number to predict
    await built(picker);
    expect(picker.table?.build.kind).toBe('refused');
    expect(picker.problem).toMatch(/fruit/);
  });

  it('checks a user’s model against the built table and refuses weights that do not match', async () => {
    const { picker } = pickerWith();
    await picker.pickTable([fruit()]);
    await built(picker);
    const build = picker.table?.build;
    if (build?.kind !== 'built') throw new Error('the table did not build');
    const width = build.sampleShape[0] as number;

    await picker.pickModel(denseModel(width, 3));
    expect(picker.modelFit).toEqual({ kind: 'fits', warnings: [] });
    expect(picker.dataSetup?.model).toMatchObject({ kind: 'user-model', name: 'model.json', tuneTrainable: false });
    expect(picker.model?.layers).toEqual([{ name: 'out', type: 'Dense', params: width * 3 + 3, trainable: true }]);

    const [json, weights] = denseModel(width, 3) as [PickedSourceFile, PickedSourceFile];
    await picker.pickModel([json, { path: 'weights.bin', data: weights.data.slice(0, 8) }]);
    expect(picker.refusal?.message).toMatch(/^Your model was not used: .*8 bytes.*Your previous choice is kept\.$/);
    expect(picker.model).not.toBeNull();

    await picker.pickModel(denseModel(width + 1, 3));
    expect(picker.modelFit?.kind).toBe('refused');
    expect(picker.problem).toMatch(/inputs of shape \[\d+\] per sample, but the data gives/);
  });

  it('restores a loaded setup’s choices when its files are found again', async () => {
    const { picker: first, remembered } = pickerWith();
    await first.pickTable([fruit()]);
    first.chooseTarget('colour');
    const saved = first.dataSetup as UserDataSetup;

    const { picker, changes } = pickerWith({ remembered }); // a page that finds the same files (kept in this browser)
    await picker.restore(saved);
    expect(picker.dataSetup).toMatchObject({ fingerprint: saved.fingerprint, target: 'colour', task: 'classification' });
    expect(picker.loaded).toBeNull();
    expect(changes).toEqual(['restored']);
  });

  it('keeps a loaded setup’s data as it is while its files are not here', async () => {
    const { picker } = pickerWith();
    const data: UserDataSetup = { source: 'images', name: 'pets', fingerprint: 'a'.repeat(64), bytes: 1000, task: 'classification', target: null, image: { side: 48, channels: 1 }, validationFraction: 0.25, model: { kind: 'cnn' } };
    await picker.restore(data);
    expect(picker.dataSetup).toEqual(data);
    expect(picker.problem).toBeNull();
  });
});
