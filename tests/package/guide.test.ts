/**
 * The guide's and the README's examples compile: every ```ts block of docs/guide.md,
 * docs/OPTUNA.md and README.md is type-checked, as its own module, against the package's entry
 * points (`tfjs-tuner`, `tfjs-tuner/engine`, `tfjs-tuner/runner`, `tfjs-tuner/worker` mapped to
 * their sources), with the page's compiler settings (strict, DOM and WebWorker libraries). A
 * failure names the file and line of the block.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LIBRARY_ENTRIES, packageSubpath } from '../../vite.lib.config';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface CodeBlock {
  /** The virtual file it is checked as. */
  readonly fileName: string;
  /** Where it starts: "docs/guide.md:42". */
  readonly origin: string;
  readonly code: string;
}

/** The ```ts blocks of a Markdown file, each with the line its code starts on. */
function typeScriptBlocks(markdownPath: string): CodeBlock[] {
  const lines = readFileSync(join(ROOT, markdownPath), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    const origin = `${markdownPath}:${start + 1}`;
    blocks.push({ fileName: join(ROOT, `${markdownPath}.line-${start + 1}.ts`), origin, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Type-checks `blocks` as modules of one program; returns each error as "origin+line: message". */
function typeCheck(blocks: readonly CodeBlock[]): string[] {
  const paths = Object.fromEntries(Object.entries(LIBRARY_ENTRIES).map(([name, source]) => [packageSubpath(name), [join(ROOT, source)]]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.webworker.d.ts'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    isolatedModules: true,
    types: [],
    paths,
  };
  const virtual = new Map(blocks.map((block) => [block.fileName, block]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (fileName) => virtual.get(fileName)?.code ?? readFile(fileName);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const block = virtual.get(fileName);
    return block === undefined ? getSourceFile(fileName, languageVersion, onError, shouldCreate) : ts.createSourceFile(fileName, block.code, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const file = diagnostic.file;
    if (file === undefined || diagnostic.start === undefined) return message;
    const { line } = file.getLineAndCharacterOfPosition(diagnostic.start);
    const block = virtual.get(file.fileName);
    if (block === undefined) return `${file.fileName}:${line + 1}: ${message}`;
    const [markdown, first] = block.origin.split(':');
    return `${markdown}:${Number(first) + line}: ${message}`;
  });
}

describe('the documentation examples', () => {
  const blocks = [...typeScriptBlocks('docs/guide.md'), ...typeScriptBlocks('README.md'), ...typeScriptBlocks('docs/OPTUNA.md')];

  it('finds the guide and README examples', () => {
    expect(blocks.filter((block) => block.origin.startsWith('docs/guide.md')).length).toBeGreaterThanOrEqual(8);
    expect(blocks.filter((block) => block.origin.startsWith('README.md')).length).toBeGreaterThanOrEqual(3);
  });

  it('type-check against the package entry points', () => {
    expect(typeCheck(blocks)).toEqual([]);
  }, 120_000);
});
