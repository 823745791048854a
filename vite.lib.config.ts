/**
 * The library build's JavaScript (run by `npm run build:lib`, scripts/build-lib.ts, which also
 * bundles the `.d.ts` files): the package's four entry points, and every module they reach, as
 * minified ES modules in lib/ (one file per source module). tfjs and comlink stay imports (tfjs is a
 * peer dependency, comlink a dependency). The page's own build is vite.config.ts (`npm run build`,
 * into dist/, which it empties: hence lib/ beside it).
 */
import { defineConfig } from 'vite';

/** Output name in lib/ (`index.js`, `engine.js`, …) → source file. `index` is the package's main entry. */
export const LIBRARY_ENTRIES = {
  index: 'src/tune/index.ts',
  engine: 'src/tuner/index.ts',
  runner: 'src/runner/index.ts',
  worker: 'src/training/serve/index.ts',
} as const;

export const PACKAGE_NAME = 'tfjs-tuner';
export const LIBRARY_OUT_DIR = 'lib';

/** The import a user writes for an entry: "tfjs-tuner" for index, "tfjs-tuner/engine" for engine, … */
export function packageSubpath(entry: string): string {
  return entry === 'index' ? PACKAGE_NAME : `${PACKAGE_NAME}/${entry}`;
}

/** The entry name (a key of LIBRARY_ENTRIES) of an entry module's absolute path. */
function entryNameOf(moduleId: string | null): string {
  const found = Object.entries(LIBRARY_ENTRIES).find(([, source]) => moduleId !== null && moduleId.replaceAll('\\', '/').endsWith(`/${source}`));
  if (found === undefined) throw new Error(`the library build met an entry that is not in LIBRARY_ENTRIES: ${moduleId}`);
  return found[0];
}

/** tfjs (and its backends) and comlink are the user's own dependencies: never bundled. */
export function isLibraryExternal(id: string): boolean {
  return id === 'comlink' || id.startsWith('@tensorflow/');
}

export default defineConfig({
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: LIBRARY_OUT_DIR,
    emptyOutDir: true,
    minify: true,
    lib: { entry: LIBRARY_ENTRIES, formats: ['es'] },
    rolldownOptions: {
      external: isLibraryExternal,
      output: {
        // One file per source module, so that a user's bundler drops whole modules it does not
        // need (`sideEffects: false`): `serveTrials` alone then never loads tfjs.
        preserveModules: true,
        preserveModulesRoot: 'src',
        // The entry points keep their short names (index.js, engine.js, …); the rest keep their paths.
        entryFileNames: (chunk) => (chunk.isEntry ? `${entryNameOf(chunk.facadeModuleId)}.js` : '[name].js'),
        // Whitespace too (Vite keeps it in ES library builds).
        minify: true,
      },
    },
  },
});
