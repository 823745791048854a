/**
 * The user-data fixtures themselves, checked against the project's own pure modules (no page):
 * each bad table, image folder and model is refused by `src/training/table`, `image-folder` or
 * `user-model` with the message the end-to-end tests expect on the page, and the good ones pass
 * those checks. A page test that then fails points at the page, not at its fixture.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planImageFolder, type PickedFile } from '../../src/training/image-folder';
import { checkRowsForFolds, chooseTarget, parseTable, profileColumns } from '../../src/training/table';
import { checkModelFiles, checkModelFitsData } from '../../src/training/user-model';
import { BAD_TABLES, CLASSIFICATION, classificationCsv, REGRESSION, regressionCsv, removeWrittenFixtures, tableFeatureWidth, tablePreprocessing, type FixtureFile } from './user-data-fixtures';
import { BAD_IMAGE_FOLDERS, writeMnistFolder } from './user-image-fixtures';
import { badModels, saveUserModel } from './user-model-fixtures';

/** The files under a picked folder, with paths relative to its parent, as the page sees them. */
function pickedFiles(root: string): PickedFile[] {
  const walk = (dir: string): PickedFile[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      const stats = statSync(path);
      return stats.isDirectory() ? walk(path) : [{ path: relative(dirname(root), path), size: stats.size }];
    });
  return walk(root);
}

/** The message a table check throws, or null when it passes. */
function tableRefusal(file: FixtureFile | string, target: string | undefined): string | null {
  try {
    const table = parseTable(typeof file === 'string' ? readFileSync(file) : file.buffer);
    const profiles = profileColumns(table);
    if (target !== undefined) checkRowsForFolds(chooseTarget(table, profiles, target).labelledRows.length, 1);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

afterAll(removeWrittenFixtures);

describe('the user-data fixtures', () => {
  it('the classification and regression tables parse, leave their ID column out and infer their task', () => {
    const fruit = tablePreprocessing(classificationCsv(), CLASSIFICATION.target);
    expect(fruit.target).toEqual({ task: 'classification', column: 'fruit', labels: ['apple', 'banana', 'cherry'] });
    expect(fruit.leftOut.map((c) => c.column)).toEqual([CLASSIFICATION.idColumn]);
    const flats = tablePreprocessing(regressionCsv(), REGRESSION.target);
    expect(flats.target).toEqual({ task: 'regression', column: 'price_k' });
    expect(flats.leftOut.map((c) => c.column)).toEqual([REGRESSION.idColumn]);
    // Missing cells are there, in numeric and categorical columns alike.
    const profiles = profileColumns(parseTable(classificationCsv().buffer));
    expect(profiles.filter((p) => p.missing > 0).map((p) => p.kind).sort()).toEqual(['categorical', 'categorical', 'numeric', 'numeric']);
    expect(classificationCsv().buffer.equals(classificationCsv().buffer)).toBe(true);
  });

  it.each(BAD_TABLES.map((bad) => [bad.label, bad] as const))('%s is refused with its message', (_, bad) => {
    expect(tableRefusal(bad.file(), bad.target)).toMatch(bad.message);
  });

  it('the MNIST image folder plans into its classes; the bad folders are refused with their messages', () => {
    const good = writeMnistFolder({ perClass: 3, digits: [0, 1, 2], broken: true });
    const plan = planImageFolder(pickedFiles(good.root));
    expect(plan.classes.map((c) => [c.name, c.files.length])).toEqual([['0', 4], ['1', 3], ['2', 3]]);
    for (const bad of BAD_IMAGE_FOLDERS) {
      const folder = writeMnistFolder(bad.options);
      expect(() => planImageFolder(pickedFiles(folder.root)), bad.label).toThrow(bad.message);
    }
  });

  it('the saved user model fits the classification table; the bad models are refused with their messages', async () => {
    const width = tableFeatureWidth(classificationCsv(), CLASSIFICATION.target);
    const files = await saveUserModel({ inputWidth: width, outputs: CLASSIFICATION.classes.length });
    const summary = checkModelFiles([files.modelJson, files.weights].map((f) => ({ name: f.name, bytes: f.buffer })));
    expect(checkModelFitsData(summary, { inputShape: [width], task: 'classification', classes: 3 })).toEqual([]);
    for (const bad of badModels(width, CLASSIFICATION.classes.length)) {
      const given = (await bad.files()).map((f) => ({ name: f.name, bytes: f.buffer }));
      expect(() => checkModelFitsData(checkModelFiles(given), { inputShape: [width], task: 'classification', classes: 3 }), bad.label).toThrow(bad.message);
    }
  });
});
