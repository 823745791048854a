/**
 * A study whose tab went away while it ran: storage still says `running` (or `paused` with trials
 * running), so it is marked `interrupted`, for the page to offer to resume it. Only the tab that
 * holds the study's lock may call this (no other tab runs it then).
 */
import type { StudyStore } from './idb-store';

/** Marks study `id` interrupted when it was left running; otherwise leaves it as it is. */
export async function markIfInterrupted(store: Pick<StudyStore, 'header' | 'setStatus' | 'get' | 'put'>, id: string): Promise<void> {
  const header = await store.header(id);
  if (header !== null) {
    if (header.status === 'running' || (header.status === 'paused' && (header.tally?.counts?.running ?? 0) > 0)) await store.setStatus(id, 'interrupted');
    return;
  }
  const record = await store.get(id); // schema-1 record left as it was
  if (record !== null && (record.status === 'running' || record.study.trials.some((t) => t.state === 'running'))) await store.put({ ...record, status: 'interrupted' });
}
