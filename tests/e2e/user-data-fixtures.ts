/**
 * Tables for the user-data end-to-end tests and the AutoML benchmark, generated deterministically
 * (the engine's seeded RNG), never committed: a small classification CSV and a small regression
 * CSV, each with numeric and categorical columns, an ID column and some missing cells, easy
 * enough that a two-epoch MLP learns them; and every bad table of the list with the
 * message it must be refused with. The file over the size limit is written to a temporary folder
 * only when a test asks for it (it is larger than Playwright hands over as a buffer).
 *
 *   const csv = classificationCsv();        // { name, mimeType, buffer } for page.setInputFiles
 *   const width = tableFeatureWidth(csv, CLASSIFICATION.target);
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseTarget, fitPreprocessing, MAX_TABLE_BYTES, parseTable, profileColumns, type Preprocessing } from '../../src/training/table';
import { createRng, type Rng } from '../../src/tuner';

/** A file as `page.setInputFiles` takes it. */
export interface FixtureFile {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

const csvFile = (name: string, text: string | Buffer): FixtureFile => ({ name, mimeType: 'text/csv', buffer: typeof text === 'string' ? Buffer.from(text, 'utf8') : text });

/** One in `every` cells is missing (written as an empty cell or "NA", alternately). */
function maybeMissing(rng: Rng, every: number, text: string): string {
  if (rng.next() >= 1 / every) return text;
  return rng.next() < 0.5 ? '' : 'NA';
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);

/** The classification table: fruit told apart by weight, diameter and colour (three well-separated classes). */
export const CLASSIFICATION = {
  name: 'fruit.csv',
  target: 'fruit',
  classes: ['apple', 'banana', 'cherry'] as const,
  rows: 240,
  columns: ['id', 'weight_g', 'diameter_cm', 'colour', 'market', 'fruit'] as const,
  /** ID-like, left out of the features with a note. */
  idColumn: 'id',
} as const;

/** The regression table: a flat's price from its rooms, area, district and age. */
export const REGRESSION = {
  name: 'flats.csv',
  target: 'price_k',
  rows: 200,
  columns: ['flat_id', 'rooms', 'area_m2', 'district', 'age_years', 'price_k'] as const,
  idColumn: 'flat_id',
} as const;

/** fruit.csv: 240 rows, 80 per class, shuffled; about 1 in 15 feature cells missing. */
export function classificationCsv(seed = 11): FixtureFile {
  const rng = createRng(seed);
  const centres = {
    apple: { weight: 160, diameter: 7.5, colours: ['red', 'green'] },
    banana: { weight: 120, diameter: 3.5, colours: ['yellow', 'green'] },
    cherry: { weight: 8, diameter: 2, colours: ['red'] },
  } as const;
  const markets = ['north', 'south', 'east', 'west'];
  const labels = rng.shuffle(Array.from({ length: CLASSIFICATION.rows }, (_, i) => CLASSIFICATION.classes[i % 3] as keyof typeof centres));
  const lines = [CLASSIFICATION.columns.join(',')];
  labels.forEach((fruit, i) => {
    const c = centres[fruit];
    const weight = c.weight * (1 + 0.1 * rng.normal());
    const diameter = c.diameter + 0.5 * rng.normal();
    const colour = c.colours[rng.int(0, c.colours.length)] as string;
    const market = markets[rng.int(0, markets.length)] as string;
    lines.push(
      [String(1001 + i), maybeMissing(rng, 15, fixed(weight, 1)), maybeMissing(rng, 15, fixed(diameter, 2)), maybeMissing(rng, 15, colour), maybeMissing(rng, 15, market), fruit].join(','),
    );
  });
  return csvFile(CLASSIFICATION.name, `${lines.join('\n')}\n`);
}

/** flats.csv: 200 rows; price_k = 40 + 35·rooms + 1.8·area + district + (−0.6·age) + noise; some feature cells missing. */
export function regressionCsv(seed = 12): FixtureFile {
  const rng = createRng(seed);
  const districts = { centre: 80, harbour: 30, suburb: 0 } as const;
  const names = Object.keys(districts) as (keyof typeof districts)[];
  const lines = [REGRESSION.columns.join(',')];
  for (let i = 0; i < REGRESSION.rows; i++) {
    const rooms = rng.int(1, 6);
    const area = 20 + 18 * rooms + 8 * rng.normal();
    const district = names[rng.int(0, names.length)] as keyof typeof districts;
    const age = rng.int(0, 80);
    const price = 40 + 35 * rooms + 1.8 * area + districts[district] - 0.6 * age + 6 * rng.normal();
    lines.push([`F${String(i + 1).padStart(4, '0')}`, String(rooms), maybeMissing(rng, 12, fixed(area, 1)), maybeMissing(rng, 12, district), maybeMissing(rng, 12, String(age)), fixed(price, 2)].join(','));
  }
  return csvFile(REGRESSION.name, `${lines.join('\n')}\n`);
}

/**
 * The preprocessing the project fits on a table's labelled rows (every row here): the encoded width
 * a model must take. The fixtures hold every category and a missing cell many times over, so a
 * fit on any training split of them gives the same columns.
 */
export function tablePreprocessing(file: FixtureFile, target: string): Preprocessing {
  const table = parseTable(file.buffer);
  const profiles = profileColumns(table);
  const choice = chooseTarget(table, profiles, target);
  return fitPreprocessing(table, profiles, choice, choice.labelledRows);
}

/** The number of features a row of `file` encodes to with `target` as target. */
export function tableFeatureWidth(file: FixtureFile, target: string): number {
  return tablePreprocessing(file, target).featureCount;
}

/** The records (column → text) of a CSV fixture's data rows, for typing into "Try it" and for encodeRow. */
export function tableRecords(file: FixtureFile): Record<string, string>[] {
  const table = parseTable(file.buffer);
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, c) => [column, row[c] as string])));
}

/** A bad table: the file, the target a user would pick (when the refusal comes at that step), and the message it must get. */
export interface BadTable {
  /** What is wrong, in words (the test's name). */
  readonly label: string;
  /** The file as a buffer, or the path of a file written to a temporary folder (over Playwright's buffer limit). */
  readonly file: () => FixtureFile | string;
  /** The target to choose, where the file parses and the refusal comes with the target. */
  readonly target?: string;
  readonly message: RegExp;
}

/** Temporary folders the fixtures wrote, for `removeWrittenFixtures`. */
const written: string[] = [];

/** A new temporary folder (removed by `removeWrittenFixtures`). */
export function fixtureFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  written.push(folder);
  return folder;
}

/** Removes every temporary folder the fixtures wrote (call it after the tests that used them). */
export function removeWrittenFixtures(): void {
  for (const folder of written.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** Writes a well-formed CSV one byte over MAX_TABLE_BYTES into a new temporary folder; returns its path. */
export function writeOversizedTable(): string {
  const line = '0.123456,0.654321,yes\n';
  const header = 'a,b,label\n';
  const body = line.repeat(Math.ceil((MAX_TABLE_BYTES + 1 - header.length) / line.length));
  const path = join(fixtureFolder('automl-oversized-'), 'huge.csv');
  writeFileSync(path, header + body);
  return path;
}

const numericRows = (count: number, label: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => `${fixed(0.5 + i * 1.37, 2)},${fixed(3.2 - i * 0.71, 2)},${label(i)}`).join('\n');

/** Every bad table of the list, with the message the project refuses it with. */
export const BAD_TABLES: readonly BadTable[] = [
  { label: 'an empty file', file: () => csvFile('empty.csv', ''), message: /the file is empty/ },
  { label: 'no header row', file: () => csvFile('no-header.csv', `5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,2.9,virginica\n`), message: /no header row: the first line must name each column, but "5.1" is a number/ },
  {
    label: 'a ragged row (line 4)',
    file: () => csvFile('ragged.csv', `size,weight,label\n1.5,2.5,yes\n2.5,3.5,no\n3.5,4.5,yes,extra\n4.5,5.5,no\n`),
    message: /line 4 has 4 fields but the header has 3/,
  },
  {
    label: 'a file that is not UTF-8',
    file: () => csvFile('latin1.csv', Buffer.concat([Buffer.from('name,size,label\ncaf'), Buffer.from([0xe9]), Buffer.from(',1.5,yes\ntea,2.5,no\n')])),
    message: /the file is not UTF-8 text: byte 19 \(0xe9\)/,
  },
  {
    label: 'a target with one class',
    file: () => csvFile('one-class.csv', `size,weight,label\n${numericRows(12, () => 'yes')}\n`),
    target: 'label',
    message: /the target column "label" has one class \("yes"\) in every row/,
  },
  {
    label: 'a target with every value missing',
    file: () => csvFile('no-target.csv', `size,weight,label\n${numericRows(12, () => '')}\n`),
    target: 'label',
    message: /the target column "label" has no values: all 12 rows are missing/,
  },
  {
    label: 'fewer rows than a train/validation split needs',
    file: () => csvFile('three-rows.csv', `size,weight,label\n${numericRows(3, (i) => (i % 2 === 0 ? 'yes' : 'no'))}\n`),
    target: 'label',
    message: /the table has 3 labelled rows, but a train\/validation split needs at least 4/,
  },
  { label: 'a file over the size limit', file: writeOversizedTable, message: /over the 50 MB limit for a table/ },
];
