/**
 * Keeping a study that ran outside the Setup → Run flow (a Manual duel's two players, a Race's
 * runs): it is written as a study file, exactly as Saved exports one, and imported through the
 * library's own import, so it is validated like any file and can then be reopened in Results,
 * exported as JSON, CSV or for Optuna, and deleted like every saved study. Each keeps its origin
 * (persistence/study-origin.ts: which duel player or race run it was) in the record's `extra`, so
 * Saved and Results name it truthfully and the page refuses to continue it as if Setup had run it.
 *
 *   const [id] = await saveStudySnapshots(app.library, [{ name: 'Manual duel: your picks', setup, study, origin }]);
 */
import { loadStudy, STUDY_FORMAT, STUDY_VERSION, trialJSON, type Direction, type SamplerName, type SearchSpace, type Study, type Trial } from '../../tuner';
import { createSavedStudy, originExtra, studyFileBlob, type StudyOrigin } from '../persistence';
import type { SavedSchedulerState } from '../setup/scheduler-resume';
import { validateSetup, type SetupConfig } from '../setup/setup-config';

/** A finished study to keep, with the setup it ran under, its name in Saved and where it came from. */
export interface StudySnapshot {
  readonly name: string;
  readonly setup: SetupConfig;
  readonly study: Study;
  readonly origin: StudyOrigin;
  /** The scheduler's state when the run ended, where it is kept (a race's PBT run: its lineage). */
  readonly scheduler?: SavedSchedulerState;
}

/** The snapshot as a study file (the format Saved imports and exports). */
export function snapshotFile(snapshot: StudySnapshot, now: number): Blob {
  const setup = validateSetup(snapshot.setup);
  const scheduler = snapshot.scheduler === undefined ? {} : { scheduler: snapshot.scheduler };
  const record = createSavedStudy({ name: snapshot.name, setup, study: snapshot.study.toJSON(), status: 'finished', now, extra: originExtra(snapshot.origin), ...scheduler });
  return studyFileBlob(record, now);
}

/** What saving needs of the library: its import (which stores the file and says what it did). */
export interface SnapshotLibrary {
  readonly transfers: { importFile(file: Blob): Promise<string | null> };
}

/** Stores the snapshots in the library one by one; the ids they were saved under (null where one was refused). */
export async function saveStudySnapshots(library: SnapshotLibrary, snapshots: readonly StudySnapshot[], now: () => number = Date.now): Promise<(string | null)[]> {
  const ids: (string | null)[] = [];
  for (const snapshot of snapshots) ids.push(await library.transfers.importFile(snapshotFile(snapshot, now())));
  return ids;
}

/** A study rebuilt from the trials of a run that kept no Study of its own (a race run), through the engine's own loader. */
export function studyOfTrials(run: { readonly name: string; readonly space: SearchSpace; readonly direction: Direction; readonly seed: number; readonly sampler: SamplerName; readonly trials: readonly Trial[] }): Study {
  return loadStudy({
    format: STUDY_FORMAT,
    version: STUDY_VERSION,
    name: run.name,
    space: run.space,
    direction: run.direction,
    seed: run.seed,
    sampler: { name: run.sampler, options: {} },
    trials: [...run.trials].sort((a, b) => a.id - b.id).map(trialJSON),
  });
}
