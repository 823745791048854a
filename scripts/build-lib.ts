/**
 * `npm run build:lib`: the package's library build into lib/. Vite (vite.lib.config.ts) emits
 * the four entry points and the modules they reach as minified ES modules; rolldown-plugin-dts
 * bundles one `.d.ts` per entry beside them (tsconfig.lib.json); then each entry's size is printed
 * (scripts/library-size.ts). `npm pack` runs it first (`prepack`).
 *
 * The build refuses to emit anything but JavaScript chunks: a worker script or other asset bundled
 * into the library (say a `new Worker(new URL(…))` reached from an entry) would ship a second copy
 * of tfjs; a user's page makes its own trial workers.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as bundleTypes } from 'rolldown';
import { dts } from 'rolldown-plugin-dts';
import { build } from 'vite';
import { isLibraryExternal, LIBRARY_ENTRIES, LIBRARY_OUT_DIR } from '../vite.lib.config';
import { librarySizes, sizeTable } from './library-size';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Builds lib/ (JavaScript, then declarations); `quiet` keeps Vite's per-file report out of the log. */
export async function buildLibrary(options: { readonly quiet?: boolean } = {}): Promise<string> {
  const outDir = resolve(ROOT, LIBRARY_OUT_DIR);
  await build({ root: ROOT, configFile: resolve(ROOT, 'vite.lib.config.ts'), logLevel: options.quiet === true ? 'warn' : 'info' });
  const assets = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((file) => !file.endsWith('.js') && statSync(join(outDir, file)).isFile());
  if (assets.length > 0) throw new Error(`the library build emitted files other than JavaScript chunks (${assets.join(', ')}): an entry point reaches a worker script or an asset`);
  const input = Object.fromEntries(Object.entries(LIBRARY_ENTRIES).map(([name, source]) => [name, resolve(ROOT, source)]));
  try {
    await bundleTypes({
      cwd: ROOT,
      input,
      external: isLibraryExternal,
      plugins: [dts({ tsconfig: resolve(ROOT, 'tsconfig.lib.json'), emitDtsOnly: true })],
      output: { dir: outDir, format: 'es' },
      logLevel: 'warn',
      checks: { pluginTimings: false },
    });
  } catch (error) {
    // The declaration bundler reports a type error in the sources as a confusing parse error of its
    // own output: name the type errors instead, when there are any.
    throw new Error(`the .d.ts build failed${typeErrors() ?? ''}`, { cause: error });
  }
  return outDir;
}

/** The compiler's errors for the library's sources (tsconfig.lib.json), or null when there are none. */
function typeErrors(): string | null {
  try {
    execFileSync(process.execPath, [resolve(ROOT, 'node_modules/typescript/bin/tsc'), '-p', resolve(ROOT, 'tsconfig.lib.json'), '--noEmit'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return null;
  } catch (failed) {
    return `: the sources have type errors:\n${(failed as { stdout?: string }).stdout ?? String(failed)}`;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const outDir = await buildLibrary();
  console.log(`\n${sizeTable(await librarySizes(outDir))}`);
}
