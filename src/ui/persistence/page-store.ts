/**
 * The page's one connection to its saved studies and data: the library and the data sources share
 * it, opened on first use. An open that fails is tried again on the next call.
 *
 *   const store = await pageStudyStore();
 */
import { openStudyStore, type StudyStore } from './idb-store';

let opening: Promise<StudyStore> | null = null;

export function pageStudyStore(): Promise<StudyStore> {
  if (opening === null) {
    const attempt = openStudyStore();
    opening = attempt;
    attempt.catch(() => {
      if (opening === attempt) opening = null;
    });
  }
  return opening;
}
