/**
 * The page's handle on the slow analyses (analysis-jobs.ts). By default they run in one module
 * worker, so a fit over a large study never blocks the page; where no worker can start (Node
 * tests, a browser that refuses the script) they run in the page after a turn for it.
 *
 * A study is identified by its `trials` array: the page replaces that array whenever the study
 * changes, so one array is one version. Each version is copied (without learning curves, which no
 * analysis reads) and sent to the worker once.
 */
import type { InspectableStudy, Trial } from '../../tuner';
import type { Inspection, InspectRequest, MeanGridRequest } from './analysis-jobs';
import type { AnalysisCall, AnalysisReplyMessage, AnalysisResults } from './analysis-protocol';
import { runAnalysisCall, StudyCache } from './analysis-run';
import type { Importance } from './importance';

export interface Analysis {
  importance(study: InspectableStudy): Promise<Importance | null>;
  inspect(study: InspectableStudy, request: InspectRequest): Promise<Inspection>;
  meanGrid(study: InspectableStudy, request: MeanGridRequest): Promise<number[] | null>;
}

/** Studies each side keeps; the worker's cache and the client's record of it evict alike. */
const CACHED_STUDIES = 4;

type Runner = <K extends AnalysisCall['kind']>(call: Extract<AnalysisCall, { kind: K }>) => Promise<AnalysisResults[K]>;

const versions = new WeakMap<object, string>();
let nextVersion = 0;

/** One key per `trials` array (one study version). */
export function studyKey(study: InspectableStudy): string {
  let key = versions.get(study.trials);
  if (key === undefined) versions.set(study.trials, (key = `v${nextVersion++}`));
  return key;
}

/** A structured-cloneable copy: plain objects only (state proxies cannot be posted), no learning curves. */
export function plainStudy(study: InspectableStudy): InspectableStudy {
  const trials: Trial[] = study.trials.map((t) => ({
    id: t.id,
    params: { ...t.params },
    state: t.state,
    value: t.value,
    intermediate: [],
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    reason: t.reason,
    ...(t.constraints === undefined ? {} : { constraints: { ...t.constraints } }),
    ...(t.computeMs === undefined ? {} : { computeMs: t.computeMs }),
  }));
  return { space: JSON.parse(JSON.stringify(study.space)), direction: study.direction, seed: study.seed, trials };
}

class AnalysisClient implements Analysis {
  private readonly loaded = new StudyCache<Promise<void>>(CACHED_STUDIES);

  /** `beforeCopy` runs before a study is copied for loading, e.g. to give the copy a task of its own. */
  constructor(
    private readonly run: Runner,
    private readonly beforeCopy: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async importance(study: InspectableStudy): Promise<Importance | null> {
    return this.run({ kind: 'importance', key: await this.load(study) });
  }

  async inspect(study: InspectableStudy, request: InspectRequest): Promise<Inspection> {
    return this.run({ kind: 'inspect', key: await this.load(study), request });
  }

  async meanGrid(study: InspectableStudy, request: MeanGridRequest): Promise<number[] | null> {
    return this.run({ kind: 'meanGrid', key: await this.load(study), request });
  }

  private async load(study: InspectableStudy): Promise<string> {
    const key = studyKey(study);
    let loading = this.loaded.has(key) ? this.loaded.get(key) : undefined;
    if (loading === undefined) {
      // Later calls on this version wait for the same load, so none reaches the worker before it.
      loading = this.beforeCopy().then(() => this.run({ kind: 'load', key, study: plainStudy(study) }).then(() => undefined));
      this.loaded.set(key, loading);
    }
    await loading;
    return key;
  }
}

/** Analyses run in the page itself, each after `yieldToPage`. */
export function inPageAnalysis(yieldToPage: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0))): Analysis {
  const cache = new StudyCache<InspectableStudy>(CACHED_STUDIES);
  return new AnalysisClient(async (call) => {
    await yieldToPage();
    return runAnalysisCall(cache, call) as never;
  });
}

/** Analyses in a module worker; falls back to the page if the worker cannot start or dies. */
export function workerAnalysis(createWorker: () => Worker): Analysis {
  const fallback = inPageAnalysis();
  let worker: Worker | null = null;
  let broken = false;
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();

  const fail = (reason: string) => {
    broken = true;
    worker?.terminate();
    worker = null;
    // Whatever was asked of the worker is answered by the page instead (see `retry`).
    for (const { reject } of pending.values()) reject(new Error(`the analysis worker stopped (${reason})`));
    pending.clear();
  };
  const started = (): Worker | null => {
    if (broken) return null;
    if (worker !== null) return worker;
    try {
      worker = createWorker();
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return null;
    }
    worker.onmessage = (event: MessageEvent<AnalysisReplyMessage>) => {
      const reply = event.data;
      const entry = pending.get(reply.id);
      if (entry === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) entry.resolve(reply.result as never);
      else entry.reject(new Error(reply.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(event.message || 'its script could not run');
    };
    return worker;
  };

  const runner: Runner = (call) => {
    const w = started();
    if (w === null) return Promise.reject(new WorkerUnavailable());
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: never) => void, reject });
      w.postMessage({ id, call });
    });
  };
  // Copying and posting ten thousand trials takes a task of its own, not the end of whichever task asked.
  const viaWorker = new AnalysisClient(runner, () => new Promise((resolve) => setTimeout(resolve, 0)));
  // A failed worker call is retried once in the page; later calls go straight there.
  const retry = async <T>(attempt: (a: Analysis) => Promise<T>): Promise<T> => {
    if (broken) return attempt(fallback);
    try {
      return await attempt(viaWorker);
    } catch (error) {
      if (!broken) throw error;
      return attempt(fallback);
    }
  };
  return {
    importance: (study) => retry((a) => a.importance(study)),
    inspect: (study, request) => retry((a) => a.inspect(study, request)),
    meanGrid: (study, request) => retry((a) => a.meanGrid(study, request)),
  };
}

class WorkerUnavailable extends Error {
  override readonly name = 'WorkerUnavailable';
  constructor() {
    super('the analysis worker is unavailable');
  }
}

let shared: Analysis | null = null;

/** The page's one analysis service: a worker where the page can start one, else in the page. */
export function sharedAnalysis(): Analysis {
  shared ??=
    typeof Worker === 'undefined'
      ? inPageAnalysis()
      : workerAnalysis(() => new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' }));
  return shared;
}
