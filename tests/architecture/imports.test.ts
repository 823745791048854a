/**
 * The import rules of docs/ARCHITECTURE.md hold: dependency-cruiser cruises src/, workers/ and
 * examples/ with .dependency-cruiser.cjs and every violation is listed as `file → import (rule)`.
 *
 * dependency-cruiser reads a .svelte file through the Svelte compiler, which drops `import type`
 * lines; so the type imports in each component's <script> are checked here against the same path
 * rules, and the page's rules cover components too. Its `reachable` rules follow type-only imports
 * as well, so "this entry point never loads tfjs" is checked here on the cruised graph, following
 * value imports (static and dynamic) only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { ICruiseResult, IConfiguration, IRegularForbiddenRuleType } from 'dependency-cruiser';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const CONFIG_FILE = join(ROOT, '.dependency-cruiser.cjs');
const config = createRequire(import.meta.url)(CONFIG_FILE) as IConfiguration;
/** Every rule here is a plain from → to rule. */
const rules = (config.forbidden ?? []) as IRegularForbiddenRuleType[];
/** What is cruised, relative to the repository root (examples/ only once it exists). */
const CRUISED = ['src', 'workers', 'examples'].filter((folder) => existsSync(join(ROOT, folder)));

/** Every file under a folder, as a path relative to the root with forward slashes. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const asList = (pattern: string | string[] | undefined): string[] => (pattern === undefined ? [] : Array.isArray(pattern) ? pattern : [pattern]);

/** Whether a path matches a rule part's `path` (any of them; absent = all) and none of its `pathNot`. */
function matches(part: { path?: string | string[]; pathNot?: string | string[] }, path: string): boolean {
  const path_ = asList(part.path);
  if (path_.length > 0 && !path_.some((pattern) => new RegExp(pattern).test(path))) return false;
  return !asList(part.pathNot).some((pattern) => new RegExp(pattern).test(path));
}

/** Rules that say only "from these paths, not to those paths" (so they apply to any import, type-only included). */
const pathRules = rules.filter(
  (rule) =>
    Object.keys(rule.from).every((key) => key === 'path' || key === 'pathNot') &&
    Object.keys(rule.to).every((key) => key === 'path' || key === 'pathNot'),
);

/** The file a relative import in `from` names, as the bundler resolves it, or null. */
function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(ROOT, dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found === undefined ? null : relative(ROOT, found).split('\\').join('/');
}

/** The modules named by `import … from '…'` / `export … from '…'` in a component's <script> blocks. */
function scriptImports(source: string): string[] {
  const scripts = [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  return scripts.flatMap((script) => [...script.matchAll(/(?:^|[\n;])\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!));
}

describe('import rules (.dependency-cruiser.cjs, docs/ARCHITECTURE.md)', () => {
  let result: ICruiseResult;

  beforeAll(async () => {
    const options = await extractDepcruiseOptions(CONFIG_FILE);
    const tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
    const reported = await cruise(CRUISED, { ...options, baseDir: ROOT, validate: true, ruleSet: config }, {}, { tsConfig });
    if (typeof reported.output === 'string') throw new Error('dependency-cruiser returned text instead of a cruise result');
    result = reported.output;
  });

  it('cruises the page, the engine, the runner, the workers and the components', () => {
    const cruised = new Set(result.modules.map((module) => module.source));
    for (const file of ['src/tuner/index.ts', 'src/runner/index.ts', 'src/ui/App.svelte', 'workers/trial.worker.ts']) expect(cruised, file).toContain(file);
    const app = result.modules.find((module) => module.source === 'src/ui/App.svelte')!;
    expect(app.dependencies.length, 'imports seen in App.svelte').toBeGreaterThan(0);
  });

  it('finds no import that breaks a rule', () => {
    const violations = result.summary.violations.map((violation) => {
      // A cycle is shown whole; `(type)` marks the steps that are type-only imports.
      const steps = violation.cycle?.map((step) => `${step.name}${step.dependencyTypes.includes('type-only') ? ' (type)' : ''}`);
      return `${steps === undefined ? `${violation.from} → ${violation.to}` : [violation.from, ...steps].join(' → ')}  [${violation.rule.name}]`;
    });
    const broken = [...new Set(result.summary.violations.map((violation) => violation.rule.name))];
    const why = broken.map((name) => `${name}: ${rules.find((rule) => rule.name === name)?.comment ?? ''}`);
    expect(violations, `imports that break .dependency-cruiser.cjs:\n  ${violations.join('\n  ')}\nthe rules:\n  ${why.join('\n  ')}\n`).toEqual([]);
  });

  it('finds no type import in a component that breaks a rule', () => {
    const violations: string[] = [];
    const components = CRUISED.flatMap(filesUnder).filter((file) => file.endsWith('.svelte'));
    expect(components.length).toBeGreaterThan(0);
    for (const file of components) {
      for (const specifier of scriptImports(readFileSync(join(ROOT, file), 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = resolveRelative(file, specifier);
        if (target === null) {
          violations.push(`${file} → ${specifier}  [not-to-unresolvable]`);
          continue;
        }
        for (const rule of pathRules) if (matches(rule.from, file) && matches(rule.to, target)) violations.push(`${file} → ${target}  [${rule.name}]`);
      }
    }
    expect(violations, `component imports that break .dependency-cruiser.cjs:\n  ${violations.join('\n  ')}\n`).toEqual([]);
  });

  it('loads no tfjs from the engine, runner and tune() entry points nor on the page\'s main thread', () => {
    const importsOf = new Map(result.modules.map((module) => [module.source, module.dependencies]));
    const found: string[] = [];
    for (const entry of ['src/tuner/index.ts', 'src/runner/index.ts', 'src/tune/index.ts', 'src/main.ts'].filter((file) => importsOf.has(file))) {
      // Breadth first over value imports; `cameFrom` gives the chain that reaches a module.
      const cameFrom = new Map<string, string | null>([[entry, null]]);
      const queue = [entry];
      for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
        for (const dependency of importsOf.get(module) ?? []) {
          if (dependency.dependencyTypes.includes('type-only') || cameFrom.has(dependency.resolved)) continue;
          cameFrom.set(dependency.resolved, module);
          queue.push(dependency.resolved);
        }
      }
      const tfjs = [...cameFrom.keys()].find((module) => /(^|\/)@tensorflow\//.test(module));
      if (tfjs === undefined) continue;
      const chain: string[] = [];
      for (let module: string | null | undefined = tfjs; module !== null && module !== undefined; module = cameFrom.get(module)) chain.unshift(module);
      found.push(chain.join(' → '));
    }
    expect(found, `value imports that load tfjs:\n  ${found.join('\n  ')}\n`).toEqual([]);
  });

  it('governs every folder: each src/ layer and each engine folder falls under a rule', () => {
    const layerRules = rules.filter((rule) => !rule.name?.startsWith('engine-order-') && rule.name !== 'no-circular' && rule.name !== 'not-to-unresolvable' && rule.name !== 'no-node-builtins');
    const ungoverned: string[] = [];
    for (const file of [...filesUnder('src'), ...filesUnder('workers')].filter((path) => /\.(ts|svelte)$/.test(path))) {
      if (!layerRules.some((rule) => matches(rule.from, file))) ungoverned.push(`${file}: no layer rule (add its folder to .dependency-cruiser.cjs)`);
      if (file.startsWith('src/tuner/') && file !== 'src/tuner/index.ts') {
        const ordered = rules.filter((rule) => rule.name?.startsWith('engine-order-')).some((rule) => matches(rule.from, file) || matches(rule.to, file));
        if (!ordered) ungoverned.push(`${file}: its engine folder is not in ENGINE_ORDER of .dependency-cruiser.cjs`);
      }
    }
    expect(ungoverned).toEqual([]);
  });
});
