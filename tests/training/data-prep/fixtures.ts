/** Small tables for the data-preparation tests, as the page hands them over: a path and a Blob. */
import type { PickedSourceFile, TableRequest } from '../../../src/training/user-data/prep-protocol';

export const csvFile = (text: string, path = 'data.csv'): PickedSourceFile => ({ path, data: new Blob([text], { type: 'text/csv' }) });

/** 24 rows: two numeric features, a categorical one with gaps, an ID column, and a class that follows x. */
export function classificationCsv(): string {
  const lines = ['id,x,z,colour,species'];
  for (let i = 0; i < 24; i++) {
    const species = i % 3 === 0 ? 'adelie' : i % 3 === 1 ? 'gentoo' : 'chinstrap';
    const x = i % 5 === 4 ? '' : String(10 + (i % 3) * 5 + (i % 4) * 0.25);
    const colour = i % 7 === 6 ? 'NA' : ['red', 'blue'][i % 2];
    lines.push(`${i + 1},${x},${(i * 7) % 11},${colour},${species}`);
  }
  return lines.join('\n');
}

/** 30 rows of y = 2x + 1 with a categorical column; rows 5 and 17 lack their target. */
export function regressionCsv(): string {
  const lines = ['x,group,y'];
  for (let i = 0; i < 30; i++) lines.push(`${i * 0.5},${i % 2 === 0 ? 'a' : 'b'},${i === 5 || i === 17 ? '' : 2 * i * 0.5 + 1}`);
  return lines.join('\n');
}

export const request = (overrides: Partial<TableRequest> & Pick<TableRequest, 'target'>): TableRequest => ({
  name: 'data.csv',
  fingerprint: 'f'.repeat(64),
  task: 'classification',
  validationFraction: 0.25,
  folds: 1,
  seed: 7,
  ...overrides,
});
