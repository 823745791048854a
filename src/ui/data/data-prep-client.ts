/**
 * The page's data-preparation worker (workers/data-prep.worker.ts, `DATA_PREP_WORKER`): one per
 * page, started on first use and kept, reached over comlink. It fingerprints, previews and builds
 * the user's tables and image folders off the main thread. A worker that failed to start is started
 * afresh on the next call.
 *
 *   const prep = await dataPrep();
 *   const fingerprint = await prep.fingerprint(files);
 */
import * as Comlink from 'comlink';
import { DATA_PREP_WORKER, type DataPrepApi } from '../../training';

let started: Promise<Comlink.Remote<DataPrepApi>> | null = null;

/** The page's data-prep worker, started on the first call. */
export function dataPrep(): Promise<Comlink.Remote<DataPrepApi>> {
  if (started === null) {
    const attempt = startDataPrep();
    started = attempt;
    attempt.catch(() => {
      if (started === attempt) started = null;
    });
  }
  return started;
}

async function startDataPrep(): Promise<Comlink.Remote<DataPrepApi>> {
  const worker = DATA_PREP_WORKER.create();
  return Comlink.wrap<DataPrepApi>(worker);
}
