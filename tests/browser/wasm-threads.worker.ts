/**
 * Test-only worker: the CNN task served as workers/trial.worker.ts serves it, with its wasm backend
 * set to two XNNPACK threads (the threaded SIMD binary and its pthread workers, started from blob:
 * URLs under the page's Content-Security-Policy). tfjs gives XNNPACK at most half the logical
 * cores, so on a machine with fewer than four this worker says it has four: the test is about
 * starting threads under the policy, not about speed.
 */
import { configureWasm, serveTrials } from '../../src/training/serve';
import { createCnnTask } from '../../src/training/cnn-task';
import { WASM_BINARY_URLS } from '../../workers/wasm-binaries';

if (navigator.hardwareConcurrency < 4) Object.defineProperty(navigator, 'hardwareConcurrency', { value: 4 });
configureWasm({ binaries: WASM_BINARY_URLS, threads: 2 });
serveTrials(createCnnTask());
