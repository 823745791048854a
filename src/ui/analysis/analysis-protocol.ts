/**
 * Messages between the page and the analysis worker. A study is sent once per version
 * (`load`), then asked about by key, so moving the Inspector's slider sends a few numbers, not
 * ten thousand trials.
 */
import type { InspectableStudy } from '../../tuner';
import type { Importance } from './importance';
import type { Inspection, InspectRequest, MeanGridRequest } from './analysis-jobs';

export type AnalysisCall =
  | { readonly kind: 'load'; readonly key: string; readonly study: InspectableStudy }
  | { readonly kind: 'importance'; readonly key: string }
  | { readonly kind: 'inspect'; readonly key: string; readonly request: InspectRequest }
  | { readonly kind: 'meanGrid'; readonly key: string; readonly request: MeanGridRequest };

export interface AnalysisResults {
  readonly load: null;
  readonly importance: Importance | null;
  readonly inspect: Inspection;
  readonly meanGrid: number[] | null;
}

export interface AnalysisRequestMessage {
  readonly id: number;
  readonly call: AnalysisCall;
}

export type AnalysisReplyMessage =
  | { readonly id: number; readonly ok: true; readonly result: AnalysisResults[AnalysisCall['kind']] }
  | { readonly id: number; readonly ok: false; readonly error: string };
