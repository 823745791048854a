/**
 * A large generated table for the memory benchmark, written to a temporary file (it is larger than
 * Playwright hands over as a buffer): a row number (ID-like, left out), six numeric columns, two
 * categorical ones and a three-class target that depends on them, with a few missing cells, until
 * the file reaches the size asked for. Seeded: the same size gives the same bytes.
 */
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/tuner';

/** The generated file: where it is, its size and its rows. */
export interface GeneratedTable {
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  readonly target: string;
}

const COLUMNS = ['row', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'shape', 'colour', 'label'];
const SHAPES = ['circle', 'square', 'triangle', 'star'];
const COLOURS = ['red', 'green', 'blue'];

/** Writes a CSV of at least `targetBytes` bytes (see the module comment). */
export function writeGeneratedTable(targetBytes: number, seed = 5): GeneratedTable {
  const rng = createRng(seed);
  const path = join(mkdtempSync(join(tmpdir(), 'automl-memory-')), 'generated.csv');
  const fd = openSync(path, 'w');
  let bytes = 0;
  let rows = 0;
  const write = (text: string): void => {
    bytes += writeSync(fd, text);
  };
  try {
    write(`${COLUMNS.join(',')}\n`);
    while (bytes < targetBytes) {
      const chunk: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const x = Array.from({ length: 6 }, () => rng.normal());
        const shape = rng.int(0, SHAPES.length);
        const colour = rng.int(0, COLOURS.length);
        const score = x[0]! + 0.5 * x[1]! - 0.8 * x[2]! + (shape === 0 ? 1 : 0) + 0.3 * rng.normal();
        const label = score < -0.5 ? 'low' : score < 0.8 ? 'mid' : 'high';
        const cells = x.map((v) => (rng.next() < 0.01 ? '' : v.toFixed(4)));
        chunk.push([String(rows + 1), ...cells, SHAPES[shape], rng.next() < 0.01 ? 'NA' : COLOURS[colour], label].join(','));
        rows += 1;
      }
      write(`${chunk.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return { path, bytes, rows, target: 'label' };
}
