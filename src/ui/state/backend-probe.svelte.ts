/**
 * The header's backend badge: which tfjs backend real trials get here, and why. A probe starts one
 * CNN task worker with no setup data, asks it to pick a backend (WebGPU → WebGL → WebAssembly → CPU
 * from the preference down; a software GPU adapter is passed over for WebAssembly), and ends it. Once a study's workers report their own backends, those win (`adopt`); when they cannot
 * start, the badge says why (`workersFailed`). A probe never hangs: a worker that cannot load, throws
 * or falls silent ends it with the reason (see src/runner/worker-start.ts).
 */
import { startTrialWorker, type WorkerScript } from '../../runner';
import { CNN_TRIAL_WORKER, type BackendName, type BackendPreference, type BackendReport } from '../../training';

export type ProbeStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'probing'; readonly preference: BackendPreference }
  | { readonly kind: 'ready'; readonly report: BackendReport; readonly source: 'probe' | 'workers' }
  | { readonly kind: 'failed'; readonly reason: string; readonly source: 'probe' | 'workers' };

export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };

export class BackendProbe {
  status = $state<ProbeStatus>({ kind: 'idle' });
  private generation = 0;

  constructor(
    private readonly script: WorkerScript = CNN_TRIAL_WORKER,
    /** Passed to the probe's worker start (tests shorten the silence limit). */
    private readonly startOptions: { readonly silenceLimitMs?: number; readonly startTimeoutMs?: number } = {},
  ) {}

  /** One line: what real trials run on, or what is happening. */
  get label(): string {
    const s = this.status;
    switch (s.kind) {
      case 'idle':
        return 'Backend: not checked yet';
      case 'probing':
        return 'Backend: checking…';
      case 'ready':
        return BACKEND_LABELS[s.report.backend];
      case 'failed':
        return s.source === 'workers' ? 'Workers failed to start' : 'No tfjs backend';
      default: {
        const unreachable: never = s;
        return unreachable;
      }
    }
  }

  /** Why: the chosen backend's detail and the reasons the ones before it were skipped, or why there is none. */
  get why(): string {
    const s = this.status;
    switch (s.kind) {
      case 'idle':
      case 'probing':
        return 'A trial worker is checking WebGPU, then WebGL, then WebAssembly, then CPU.';
      case 'ready': {
        const skipped = s.report.skipped.map((k) => `${BACKEND_LABELS[k.backend]} skipped: ${k.reason}.`);
        const from = s.source === 'workers' ? 'the running study’s workers' : 'a probe worker';
        return [`${BACKEND_LABELS[s.report.backend]} (${s.report.detail}), reported by ${from}.`, ...skipped].join(' ');
      }
      case 'failed':
        return s.source === 'workers' ? `The study’s trial workers could not start: ${s.reason}` : s.reason;
      default: {
        const unreachable: never = s;
        return unreachable;
      }
    }
  }

  async probe(preference: BackendPreference): Promise<void> {
    const generation = ++this.generation;
    this.status = { kind: 'probing', preference };
    try {
      // No setup data: the worker only picks its backend (a CNN worker without a dataset runs no trial).
      const started = await startTrialWorker(this.script, preference, undefined, this.startOptions);
      started.watchdog.stop();
      started.worker.terminate();
      const report = started.report;
      if (report === null) throw new Error(`${this.script.name} picked no tfjs backend`);
      if (generation === this.generation) this.status = { kind: 'ready', report, source: 'probe' };
    } catch (error) {
      if (generation === this.generation) this.status = { kind: 'failed', reason: error instanceof Error ? error.message : String(error), source: 'probe' };
    }
  }

  /** A study's worker reported its backend: show that. */
  adopt(report: BackendReport): void {
    this.generation++;
    this.status = { kind: 'ready', report, source: 'workers' };
  }

  /** A study's workers could not start: show why. */
  workersFailed(reason: string): void {
    this.generation++;
    this.status = { kind: 'failed', reason, source: 'workers' };
  }
}
