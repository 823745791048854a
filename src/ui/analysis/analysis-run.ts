/** Carrying out one analysis call against a small cache of loaded studies; shared by the worker and the in-page fallback. */
import type { InspectableStudy } from '../../tuner';
import { importanceOf, inspectionOf, meanGridOf } from './analysis-jobs';
import type { AnalysisCall, AnalysisResults } from './analysis-protocol';

/** The `capacity` most recently loaded values by key. */
export class StudyCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(key: string): T {
    const value = this.entries.get(key);
    if (value === undefined) throw new Error(`analysis: no study loaded under key "${key}"`);
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }
}

export function runAnalysisCall(cache: StudyCache<InspectableStudy>, call: AnalysisCall): AnalysisResults[AnalysisCall['kind']] {
  switch (call.kind) {
    case 'load':
      cache.set(call.key, call.study);
      return null;
    case 'importance':
      return importanceOf(cache.get(call.key));
    case 'inspect':
      return inspectionOf(cache.get(call.key), call.request);
    case 'meanGrid':
      return meanGridOf(cache.get(call.key), call.request);
    default: {
      const unreachable: never = call;
      return unreachable;
    }
  }
}
