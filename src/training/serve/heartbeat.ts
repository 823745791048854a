/**
 * The sending side of a trial worker's heartbeat (see `WorkerHeartbeat` in protocol.ts). The worker
 * shell starts it with its `postMessage`; the training loop announces each batch before it may hold
 * the thread, and says when it is over. Outside a worker (Node tests) nothing is started and the
 * announcements do nothing.
 *
 *   const stop = startHeartbeat((beat) => self.postMessage(beat));   // workers/trial.worker.ts
 *   announceBusy(allowanceMs); …the batch…; announceIdle();          // train.ts
 *
 * A timer's beat repeats what is left of the latest announcement: on the GPU backends a batch also
 * awaits (timers fire meanwhile), and it may still block the thread afterwards (a WebGL readback).
 */
import { HEARTBEAT_INTERVAL_MS, type WorkerHeartbeat } from './protocol';

let post: ((beat: WorkerHeartbeat) => void) | null = null;
/** performance.now() until which the thread may be held (the latest announcement's end). */
let busyUntil = 0;

function beat(): void {
  post?.({ type: 'trial-worker-heartbeat', busyForMs: Math.max(0, Math.ceil(busyUntil - performance.now())) });
}

/** Posts a heartbeat now and every `everyMs` until the returned function is called. */
export function startHeartbeat(send: (beat: WorkerHeartbeat) => void, everyMs = HEARTBEAT_INTERVAL_MS): () => void {
  post = send;
  beat();
  const timer = setInterval(beat, everyMs);
  return () => {
    clearInterval(timer);
    if (post === send) post = null;
  };
}

/** Says the thread may be held for up to `ms` from now (a batch whose ops may run synchronously). */
export function announceBusy(ms: number): void {
  busyUntil = performance.now() + (Number.isFinite(ms) && ms > 0 ? ms : 0);
  beat();
}

/** The announced step is over: later beats say 0 again. */
export function announceIdle(): void {
  busyUntil = 0;
}
