/**
 * The user-data trial worker: a thin shell over `serveTrials(createUserDataTask())`, the same task
 * API a user's worker module calls. As workers/trial.worker.ts does, it starts a heartbeat first (the
 * page counts a worker silent for 10 s as dead), then loads the task and the serving code, which
 * bring tfjs and take seconds; calls that arrive meanwhile are held and replayed once `serveTrials`
 * listens (it keeps the heartbeat going from then on). The wasm backend is told where this site
 * serves its binaries.
 */
import { startHeartbeat } from '../src/training/serve/heartbeat';
import { WASM_BINARY_URLS } from './wasm-binaries';

const scope = self as unknown as { postMessage(message: unknown): void } & EventTarget;
const stopLoadingBeat = startHeartbeat((beat) => scope.postMessage(beat));

const early: MessageEvent[] = [];
const hold = (event: Event) => early.push(event as MessageEvent);
scope.addEventListener('message', hold);
const [{ configureWasm, serveTrials }, { createUserDataTask }] = await Promise.all([import('../src/training/serve'), import('../src/training/user-data/user-data-task')]);
scope.removeEventListener('message', hold);
stopLoadingBeat();
configureWasm({ binaries: WASM_BINARY_URLS });
serveTrials(createUserDataTask());
for (const event of early) scope.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
