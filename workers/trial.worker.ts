/**
 * A trial worker: a thin shell. It starts its heartbeat first (see WorkerHeartbeat: the page counts
 * a worker silent for 10 s as dead), then loads the comlink API over src/training (trial-api.ts),
 * which brings tfjs and takes seconds. Calls that arrive meanwhile are held and replayed once the
 * API listens. The page talks to it as `Comlink.wrap<TrialWorkerApi>(worker)`.
 */
import { startHeartbeat } from '../src/training/heartbeat';

const scope = self as unknown as { postMessage(message: unknown): void } & EventTarget;
startHeartbeat((beat) => scope.postMessage(beat));

const early: MessageEvent[] = [];
const hold = (event: Event) => early.push(event as MessageEvent);
scope.addEventListener('message', hold);
const { exposeTrialApi } = await import('./trial-api');
scope.removeEventListener('message', hold);
exposeTrialApi();
for (const event of early) scope.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
