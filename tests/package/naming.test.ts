/**
 * The product is called tfjs-tuner wherever a user sees it: the package, the page's title, the
 * README, the guide, the examples, the page's components and the formats written into exported
 * files. Files and saved studies written under the project's earlier working name still load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStudy, loadStudy, STUDY_FORMAT } from '../../src/tuner';
import { parseStudyFile, STUDY_FILE_FORMAT, studyFileText } from '../../src/ui/persistence';
import { savedRecord } from '../ui/persistence/fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EARLIER_NAME = ['b3', '1295fb'].join('');

/** Files under `dir` (relative to the repository) whose names end with one of `endings`. */
function filesUnder(dir: string, endings: readonly string[]): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => endings.some((ending) => file.endsWith(ending)) && !file.includes('node_modules'))
    .map((file) => join(dir, file));
}

describe('the name', () => {
  it('is tfjs-tuner in package.json, the page title, the README, the guide, the examples and the page components', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('tfjs-tuner');
    expect(readFileSync(join(ROOT, 'index.html'), 'utf8')).toMatch(/<title>tfjs-tuner — /);
    const seen = ['index.html', 'README.md', 'docs/guide.md', ...filesUnder('examples', ['.ts', '.js', '.html', '.json', '.md']), ...filesUnder('src', ['.svelte'])];
    expect(seen.filter((file) => readFileSync(join(ROOT, file), 'utf8').includes(EARLIER_NAME))).toEqual([]);
  });

  it('names the formats of exported studies', () => {
    expect(STUDY_FORMAT).toBe('tfjs-tuner.study');
    expect(STUDY_FILE_FORMAT).toBe('tfjs-tuner.saved-study');
  });
});

describe('files written under the earlier name', () => {
  it('load as a bare study', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'random', seed: 3, clock: () => 0 });
    const { id } = study.ask();
    study.tell(id, 0.25);
    const earlier = JSON.stringify({ ...study.toJSON(), format: `${EARLIER_NAME}.study` });
    expect(loadStudy(earlier, { clock: () => 0 }).toJSON()).toEqual(study.toJSON());
  });

  it('import as a saved-study file', () => {
    const now = Date.UTC(2024, 2, 5, 12);
    const file = JSON.parse(studyFileText(savedRecord(), now)) as { format: string; study: { format: string } };
    const earlier = JSON.stringify({ ...file, format: `${EARLIER_NAME}.saved-study`, study: { ...file.study, format: `${EARLIER_NAME}.study` } });
    const imported = parseStudyFile(earlier);
    expect(imported).toEqual(parseStudyFile(JSON.stringify(file)));
  });
});
