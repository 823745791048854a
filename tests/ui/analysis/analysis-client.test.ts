import { describe, expect, it } from 'vitest';
import { braninLandscape } from '../../../src/runner/synthetic-objectives';
import { createStudy, type InspectableStudy } from '../../../src/tuner';
import { inPageAnalysis, plainStudy, studyKey, workerAnalysis } from '../../../src/ui/analysis/analysis-client';
import type { AnalysisRequestMessage } from '../../../src/ui/analysis/analysis-protocol';
import { runAnalysisCall, StudyCache } from '../../../src/ui/analysis/analysis-run';

function branin(n: number): InspectableStudy {
  const study = createStudy({ space: braninLandscape.space, sampler: 'random', seed: 5 });
  for (let i = 0; i < n; i++) {
    const { id, params } = study.ask();
    study.report(id, 1, 100);
    study.tell(id, braninLandscape.value(params));
  }
  return { space: study.space, direction: 'minimize', seed: 5, trials: study.trials.slice() };
}

/** A Worker stand-in that runs the worker's code in this thread, counting the messages it gets. */
class FakeWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly calls: string[] = [];
  private readonly cache = new StudyCache<InspectableStudy>(4);
  postMessage(message: AnalysisRequestMessage): void {
    this.calls.push(message.call.kind);
    const copy = structuredClone(message);
    setTimeout(() => this.onmessage?.({ data: { id: copy.id, ok: true, result: runAnalysisCall(this.cache, copy.call) } } as MessageEvent));
  }
  terminate(): void {}
}

describe('analysis client', () => {
  it('sends a study once per version, then only requests', async () => {
    const fake = new FakeWorker();
    const analysis = workerAnalysis(() => fake as unknown as Worker);
    const study = branin(8);
    const request = { upTo: 8, xParam: 'x1', yParam: 'x2', gridRes: 4, sliceCount: 9 };
    const first = await analysis.inspect(study, request);
    expect(first.kind).toBe('ready');
    await analysis.inspect(study, { ...request, upTo: 5 });
    expect(await analysis.importance(study)).not.toBeNull();
    expect(fake.calls).toEqual(['load', 'inspect', 'inspect', 'importance']);
    await analysis.importance({ ...study, trials: study.trials.slice() });
    expect(fake.calls.slice(4)).toEqual(['load', 'importance']);
  });

  it('loads a new version once when several calls ask at once, before any of them reaches the worker', async () => {
    const fake = new FakeWorker();
    const analysis = workerAnalysis(() => fake as unknown as Worker);
    const study = branin(8);
    const request = { upTo: 8, xParam: 'x1', yParam: '', gridRes: 4, sliceCount: 5 };
    const [importance, inspection] = await Promise.all([analysis.importance(study), analysis.inspect(study, request)]);
    expect(importance).not.toBeNull();
    expect(inspection.kind).toBe('ready');
    expect(fake.calls[0]).toBe('load');
    expect(fake.calls.filter((c) => c === 'load')).toHaveLength(1);
  });

  it('answers in the page when the worker cannot start or fails', async () => {
    const refused = workerAnalysis(() => {
      throw new Error('blocked');
    });
    expect(await refused.importance(branin(6))).not.toBeNull();
    let worker: FakeWorker | null = null;
    const dying = workerAnalysis(() => {
      worker = new FakeWorker();
      worker.postMessage = () => setTimeout(() => worker?.onerror?.({ message: 'script error', preventDefault() {} } as ErrorEvent));
      return worker as unknown as Worker;
    });
    const result = await dying.inspect(branin(6), { upTo: 6, xParam: 'x1', yParam: '', gridRes: 4, sliceCount: 9 });
    expect(result.kind === 'ready' && result.grid).toBeNull();
  });

  it('copies a study into plain, cloneable objects without learning curves', () => {
    const study = branin(3);
    const proxied = { ...study, trials: study.trials.map((t) => new Proxy(t, {})) };
    const plain = plainStudy(proxied);
    expect(() => structuredClone(plain)).not.toThrow();
    expect(plain.trials.every((t) => t.intermediate.length === 0)).toBe(true);
    expect(plain.trials.map((t) => t.value)).toEqual(study.trials.map((t) => t.value));
    expect(studyKey(study)).toBe(studyKey({ ...study }));
    expect(studyKey(study)).not.toBe(studyKey({ ...study, trials: study.trials.slice() }));
  });

  it('computes a mean grid over two parameters', async () => {
    const grid = await inPageAnalysis(() => Promise.resolve()).meanGrid(branin(10), { xParam: 'x1', yParam: 'x2', anchor: {}, res: 5 });
    expect(grid).toHaveLength(25);
    expect(grid?.every(Number.isFinite)).toBe(true);
  });
});
