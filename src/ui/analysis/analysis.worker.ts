/**
 * The analysis worker: a thin shell that keeps the last few studies it was sent and answers
 * importance, inspection and mean-grid calls on them (analysis-jobs.ts), one at a time.
 */
import type { InspectableStudy } from '../../tuner';
import { runAnalysisCall, StudyCache } from './analysis-run';
import type { AnalysisReplyMessage, AnalysisRequestMessage } from './analysis-protocol';

const cache = new StudyCache<InspectableStudy>(4);

self.onmessage = (event: MessageEvent<AnalysisRequestMessage>) => {
  const { id, call } = event.data;
  let reply: AnalysisReplyMessage;
  try {
    reply = { id, ok: true, result: runAnalysisCall(cache, call) };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
