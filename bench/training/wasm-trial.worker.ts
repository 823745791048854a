/**
 * The training benchmark's CNN trial worker for one wasm setting: workers/trial.worker.ts (heartbeat
 * while loading, early calls held and replayed, `serveTrials(createCnnTask())`), plus
 * `configureWasm` with the threads and SIMD choice the page put in the worker's name (JSON, see
 * `wasmBenchWorker` in page.ts) and the binaries the page's own origin serves.
 */
import { startHeartbeat } from '../../src/training/serve/heartbeat';
import { WASM_BINARY_URLS } from '../../workers/wasm-binaries';
import type { WasmBenchSetting } from './page';

const scope = self as unknown as { postMessage(message: unknown): void; readonly name: string } & EventTarget;
const stopLoadingBeat = startHeartbeat((beat) => scope.postMessage(beat));

const early: MessageEvent[] = [];
const hold = (event: Event) => early.push(event as MessageEvent);
scope.addEventListener('message', hold);
const setting = JSON.parse(scope.name) as WasmBenchSetting;
// tfjs grants XNNPACK at most half the logical cores it reads from navigator.hardwareConcurrency (1
// on a 2-core machine): the benchmark reports enough cores for the thread count it measures.
const cores = navigator.hardwareConcurrency;
if (setting.threads > 1 && cores < 2 * setting.threads) Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * setting.threads });
const [{ serveTrials, configureWasm }, { createCnnTask }] = await Promise.all([import('../../src/training/serve'), import('../../src/training/cnn-task')]);
configureWasm({ binaries: WASM_BINARY_URLS, threads: setting.threads, simd: setting.simd });
scope.removeEventListener('message', hold);
stopLoadingBeat();
serveTrials(createCnnTask());
for (const event of early) scope.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
