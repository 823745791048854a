/**
 * The Setup form on the user's own data (in Node, the data-preparation API called directly): the
 * setup stays invalid until data is picked, then names its files and choices; the space follows
 * the model family (the MLP, then the user's model), the objective the task kind, and other edits
 * stay; a saved setup loaded again keeps its own space.
 */
import { describe, expect, it } from 'vitest';
import { mlpSearchSpace, userModelSearchSpace } from '../../../src/training';
import type { DataSource } from '../../../src/ui/data/data-sources.svelte';
import { defaultSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { SetupEditor } from '../../../src/ui/setup/setup-editor.svelte';
import { CLASSIFICATION } from '../../e2e/user-data-fixtures';
import { denseModel, fruit, nodePickerDeps } from './picker-deps';

function editorOnData(remembered = new Map<string, DataSource>()): SetupEditor {
  const editor = new SetupEditor(defaultSetup(), 4, nodePickerDeps(remembered));
  editor.chooseTask('user-data');
  return editor;
}

/** Waits until the picker's preview build has answered for the current choices. */
async function settled(editor: SetupEditor): Promise<void> {
  const pending = editor.picker.pendingBuild;
  editor.picker.requestBuild(pending);
  await expect
    .poll(() => {
      const build = editor.picker.table?.build;
      return build !== undefined && (build.kind === 'built' || build.kind === 'refused') && build.key === pending?.key;
    })
    .toBe(true);
}

describe('SetupEditor on your data', () => {
  it('waits for data, then records the table, its target and the MLP’s space', async () => {
    const editor = editorOnData();
    expect(editor.config).toBeNull();
    expect(editor.errors.get('data')).toMatch(/Pick or drop a CSV or TSV file/);

    await editor.picker.pickTable([fruit()]);
    await settled(editor);
    const config = editor.config;
    expect(config?.task).toBe('user-data');
    expect(config?.data).toMatchObject({ source: 'table', target: CLASSIFICATION.target, task: 'classification', model: { kind: 'mlp' } });
    expect(Object.keys(config?.space ?? {}).sort()).toEqual(Object.keys(mlpSearchSpace('classification')).sort());
    expect(config?.samples).toBeUndefined();
    expect(config?.folds ?? 1).toBe(1);
  });

  it('follows the task kind: an objective the new task does not report is replaced, other edits stay', async () => {
    const editor = editorOnData();
    await editor.picker.pickTable([fruit()]);
    editor.chooseMetric('valMacroF1');
    expect(editor.objectiveDirection).toBe('maximize');
    editor.epochs = 7;
    editor.picker.chooseTarget('weight_g'); // a number: regression
    await settled(editor);
    expect(editor.picker.dataSetup?.task).toBe('regression');
    expect(editor.objectiveMetric).toBe('valLoss');
    expect(editor.objectiveDirection).toBe('minimize');
    expect(editor.config?.budget.epochs).toBe(7);
  });

  it('takes the user model’s training space when a model is added, and the MLP’s again when it is removed', async () => {
    const editor = editorOnData();
    await editor.picker.pickTable([fruit()]);
    await settled(editor);
    const build = editor.picker.table?.build;
    if (build?.kind !== 'built') throw new Error('the table did not build');
    await editor.picker.pickModel(denseModel(build.sampleShape[0] as number, CLASSIFICATION.classes.length));
    expect(editor.config?.data?.model).toMatchObject({ kind: 'user-model', tuneTrainable: false });
    expect(Object.keys(editor.config?.space ?? {}).sort()).toEqual(Object.keys(userModelSearchSpace(1, false)).sort());
    editor.picker.removeModel();
    expect(Object.keys(editor.config?.space ?? {}).sort()).toEqual(Object.keys(mlpSearchSpace('classification')).sort());
  });

  it('loads a saved setup on data this browser has, keeping its space and choices', async () => {
    const remembered = new Map<string, DataSource>();
    const first = editorOnData(remembered);
    await first.picker.pickTable([fruit()]);
    first.picker.chooseTarget('colour');
    await settled(first);
    first.space.rows.find((row) => row.name === 'units')!.high = '64';
    const saved = first.config as SetupConfig;
    expect(saved.space['units']).toMatchObject({ high: 64 });

    const second = new SetupEditor(defaultSetup(), 4, nodePickerDeps(remembered));
    second.load(saved);
    await expect.poll(() => second.picker.table?.target).toBe('colour');
    await settled(second);
    expect(second.config?.space['units']).toMatchObject({ high: 64 });
    expect(second.config?.data).toEqual(saved.data);
  });

  it('takes a loaded setup’s choices when its file is picked again here', async () => {
    const first = editorOnData();
    await first.picker.pickTable([fruit()]);
    first.picker.chooseTarget('colour');
    first.space.rows.find((row) => row.name === 'units')!.high = '64';
    const saved = first.config as SetupConfig;

    const second = new SetupEditor(defaultSetup(), 4, nodePickerDeps()); // a browser without the file
    second.load(saved);
    await expect.poll(() => second.picker.loaded).not.toBeNull();
    expect(second.config?.data).toEqual(saved.data);
    await second.picker.pickTable([fruit()]);
    expect(second.picker.table?.target).toBe('colour');
    expect(second.picker.loaded).toBeNull();
    expect(second.config?.space['units']).toMatchObject({ high: 64 });
  });
});
