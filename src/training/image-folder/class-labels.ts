/**
 * A folder plan as labelled rows: images are numbered class by class, in the plan's order (row r
 * is the r-th file of `folderImages`), and each row's class is its class folder's position in
 * `plan.classes`. `folderSplitRows` gives those classes to the stratified split and folds of
 * `../evaluation/split`.
 */

import type { SplitRows } from '../evaluation/split';
import type { FolderPlan, PickedFile } from './folder-plan';

/** Every image of the plan, class by class, in the order rows are numbered. */
export function folderImages(plan: FolderPlan): PickedFile[] {
  return plan.classes.flatMap((entry) => entry.files);
}

/** The class names, indexed by class index. */
export function folderClassNames(plan: FolderPlan): string[] {
  return plan.classes.map((entry) => entry.name);
}

/** classIndices[r]: the class index of row r (of `folderImages(plan)`). */
export function folderClassIndices(plan: FolderPlan): Int32Array {
  const classes = new Int32Array(plan.classes.reduce((sum, entry) => sum + entry.files.length, 0));
  let row = 0;
  plan.classes.forEach((entry, index) => {
    classes.fill(index, row, row + entry.files.length);
    row += entry.files.length;
  });
  return classes;
}

/** The plan's rows for `trainValidationSplit` and `kFoldSplits`: stratified by class. */
export function folderSplitRows(plan: FolderPlan): SplitRows {
  return { kind: 'stratified', classes: folderClassIndices(plan) };
}
