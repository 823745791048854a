/**
 * The import rules of docs/ARCHITECTURE.md, checked by dependency-cruiser
 * (`npx depcruise src workers examples`, and tests/architecture/imports.test.ts in `npm test`).
 *
 * Layers, lowest first; a layer imports only from layers below it:
 *
 *   src/tuner            the engine: imports nothing outside itself, no package at all
 *   src/training/serve   the published worker side (tfjs-tuner/worker): engine + tfjs + comlink
 *   src/training         the built-in tasks (CNNs, datasets): engine + serve + tfjs
 *   workers              thin worker shells: engine + training
 *   src/runner           pool, executors, the tuner loop: engine + the task protocol, no tfjs
 *   src/tune             tune(): runner + engine + the task protocol, no tfjs
 *   src/ui, src/main.ts  the page: its own files plus the four index files below, never deep paths, no tfjs
 *
 * Inside src/tuner the folders go one way, in the order written atop src/tuner/index.ts.
 * Test and bench files are not cruised: they may import deep paths. tests/architecture/imports.test.ts
 * adds what rules here cannot say: type imports in .svelte files (the Svelte compiler drops them
 * before dependency-cruiser reads the file), and that following value imports only, the engine,
 * runner and tune() entry points and the page's main thread never reach tfjs.
 */

/** The engine's folders, lowest first ('' is its root files: rng.ts, slices.ts, describe-value.ts). */
const ENGINE_ORDER = ['', 'space', 'trial', 'qmc', 'gp', 'samplers', 'study', 'schedulers', 'optuna'];

/** The only files of other layers the page may import. */
const PAGE_ENTRY_POINTS = ['src/tuner/index.ts', 'src/runner/index.ts', 'src/tune/index.ts', 'src/training/index.ts'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (files) => `^(${files.map(escape).join('|')})$`;
const TASK_PROTOCOL = exactly(['src/training/serve/protocol.ts']);
const TFJS = '(^|/)@tensorflow/';

/** A regular expression for the engine files of one folder ('' = the root files). */
function engineFolder(folder) {
  return folder === '' ? '^src/tuner/[^/]+$' : `^src/tuner/${folder}/`;
}

/** One rule per engine folder: it may not import any folder later in the order. */
const engineOrderRules = ENGINE_ORDER.slice(0, -1).map((folder, index) => ({
  name: `engine-order-${folder === '' ? 'root' : folder}`,
  comment:
    folder === ''
      ? "src/tuner's root files import no engine folder (the order is written atop src/tuner/index.ts)."
      : `src/tuner/${folder}/ imports only itself, the root files${ENGINE_ORDER.slice(1, index).map((f) => `, ${f}/`).join('')} (the order is written atop src/tuner/index.ts).`,
  severity: 'error',
  from: { path: engineFolder(folder), pathNot: exactly(['src/tuner/index.ts']) },
  to: { path: ENGINE_ORDER.slice(index + 1).map(engineFolder) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in src/ and workers/ (type-only imports included).',
      severity: 'error',
      from: { path: '^(src|workers)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: { path: '^(src|workers)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-node-builtins',
      comment: 'src/ and workers/ run in the browser (the engine also in Node): no Node built-in modules.',
      severity: 'error',
      from: { path: '^(src|workers)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'engine-self-contained',
      comment: 'src/tuner (tfjs-tuner/engine) imports nothing outside itself: no other layer, no package (so no tfjs, no DOM library).',
      severity: 'error',
      from: { path: '^src/tuner/' },
      to: { pathNot: '^src/tuner/' },
    },
    ...engineOrderRules,
    {
      name: 'serve-below-tasks',
      comment: 'src/training/serve (tfjs-tuner/worker) imports only itself, the engine and packages; never the built-in tasks or a higher layer.',
      severity: 'error',
      from: { path: '^src/training/serve/' },
      to: { path: '^(src|workers)/', pathNot: ['^src/training/serve/', '^src/tuner/'] },
    },
    {
      name: 'task-protocol-types-only',
      comment: 'src/training/serve/protocol.ts is all the runner and tune() see of the worker side: apart from the engine it imports types only (no tfjs, no comlink at run time), so importing it pulls in nothing else.',
      severity: 'error',
      from: { path: TASK_PROTOCOL },
      to: { pathNot: ['^src/tuner/', TASK_PROTOCOL], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'training-below-workers',
      comment: 'src/training imports only itself and the engine (and packages): never workers/, the runner, tune() or the page.',
      severity: 'error',
      from: { path: '^src/training/' },
      to: { path: '^(workers/|src/(runner|tune|ui)/)' },
    },
    {
      name: 'workers-below-runner',
      comment: 'workers/ are thin shells over src/training and the engine: never the runner, tune() or the page.',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^src/(runner|tune|ui)/' },
    },
    {
      name: 'runner-uses-engine-and-protocol',
      comment: 'src/runner (tfjs-tuner/runner) imports only itself, the engine and the task protocol (src/training/serve/protocol.ts); never the rest of the worker side, a worker, the built-in tasks, tune() or the page.',
      severity: 'error',
      from: { path: '^src/runner/' },
      to: { path: '^(src|workers)/', pathNot: ['^src/(runner|tuner)/', TASK_PROTOCOL] },
    },
    {
      name: 'tune-uses-runner-engine-and-protocol',
      comment: 'src/tune (tfjs-tuner) imports only itself, the runner, the engine and the task protocol (src/training/serve/protocol.ts); never the rest of the worker side, a worker, the built-in tasks or the page.',
      severity: 'error',
      from: { path: '^src/tune/' },
      to: { path: '^(src|workers)/', pathNot: ['^src/(tune|runner|tuner)/', TASK_PROTOCOL] },
    },
    {
      name: 'no-tfjs-above-workers',
      comment: 'src/runner, src/tune and the page never import tfjs, not even its types: tfjs lives in the task workers.',
      severity: 'error',
      from: { path: ['^src/(runner|tune|ui)/', '^src/main\\.ts$'] },
      to: { path: TFJS },
    },
    {
      name: 'published-packages-declared',
      comment: 'What the published entry points import from packages is in package.json\'s dependencies or peerDependencies (a devDependency is not installed for users).',
      severity: 'error',
      from: { path: '^src/(tuner|training/serve|runner|tune)/' },
      to: { path: '(^|/)node_modules/', dependencyTypesNot: ['npm', 'npm-peer', 'npm-optional'] },
    },
    {
      name: 'page-through-entry-points',
      comment: `The page (src/ui, src/main.ts) imports other layers only through their index files (${PAGE_ENTRY_POINTS.join(', ')}), never deep paths, never workers/ or src/training/serve.`,
      severity: 'error',
      from: { path: ['^src/ui/', '^src/main\\.ts$'] },
      to: { path: '^(src|workers)/', pathNot: ['^src/ui/', exactly(PAGE_ENTRY_POINTS)] },
    },
    {
      name: 'persistence-below-state',
      comment: 'src/ui/persistence sits below the page state: it never imports src/ui/state (the setup model lives in src/ui/setup).',
      severity: 'error',
      from: { path: '^src/ui/persistence/' },
      to: { path: '^src/ui/state/' },
    },
    {
      name: 'examples-through-the-package',
      comment: 'examples/ import the package by its name (tfjs-tuner, tfjs-tuner/worker …), never the sources.',
      severity: 'error',
      from: { path: '^examples/' },
      to: { path: '^(src|workers)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // An example's own installs and builds are not sources.
    exclude: { path: '^examples/.*/(node_modules|dist)/' },
    // Type-only imports count (a deep `import type` is still a deep path); rules that allow them say so.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // .svelte files are compiled by svelte/compiler to find their imports, so the page's rules cover components.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'svelte', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.svelte', '.js', '.mjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
  },
};
