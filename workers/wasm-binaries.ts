/**
 * The URLs of tfjs's three WebAssembly binaries as this site serves them: Vite sees each
 * `new URL(…, import.meta.url)`, copies the file from node_modules into the build (hashed, on the
 * page's own origin, never a CDN) and rewrites the URL. Each worker that trains passes them to
 * `configureWasm` before it serves.
 *
 *   configureWasm({ binaries: WASM_BINARY_URLS });
 *
 * (Not `?url` imports: inside a worker those make Vite 8 emit the worker twice, the page pointing
 * at the copy whose chunks are missing.)
 */
import type { WasmBinaryUrls } from '../src/training/serve';

/** Each binary's URL on this site. */
export const WASM_BINARY_URLS: WasmBinaryUrls = {
  'tfjs-backend-wasm.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
  'tfjs-backend-wasm-simd.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
};
