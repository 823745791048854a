/**
 * The user-model checks run on the page before any worker starts, so their modules import
 * nothing but each other: no tfjs, no DOM library, no other package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const FOLDER = resolve(__dirname, '../../../src/training/user-model');

it('imports only modules of its own folder', () => {
  const files = readdirSync(FOLDER).filter((file) => file.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = readFileSync(join(FOLDER, file), 'utf8');
    const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]);
    expect(specifiers.filter((s) => !s?.startsWith('./')), file).toEqual([]);
  }
});
