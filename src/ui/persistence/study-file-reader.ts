/**
 * Reading an imported study file without freezing the page: the file goes to a short-lived module
 * worker (study-file.worker.ts), which runs the same checks as `readStudyFile` and posts back the
 * imported study, so the scan, parse and validation of a 10,000-trial file never block input. The
 * study comes back in parts of `REPLY_TRIALS` trials, one message each, so that copying it into
 * the page is a few short tasks too.
 * Where no worker can start (no `Worker`, a script that fails to load, a reply that cannot be
 * copied), the file is read on the main thread instead: the answer is the same, only slower to
 * give way. An Optuna journal is read the same way (`readOptunaFileOffThread`): replaying a long
 * log and checking every trial is as much work as reading a study file.
 *
 *   const imported = await readStudyFileOffThread(file);   // rejects with StudyFileError when refused
 *   const read = await readOptunaFileOffThread(file, null);  // never rejects: pick, study or refused
 */
import type { TrialJSON } from '../../tuner';
import { readOptunaFile, type OptunaFileRead, type OptunaStudyChoice } from './optuna-import';
import { readStudyFile, StudyFileError, type ImportedStudy } from './study-file';

export interface StudyFileRequest {
  readonly file: Blob;
  /** Present when the file is an Optuna journal: the study to read from it, or null for its only one. */
  readonly optunaStudy?: string | null;
}

export type StudyFileReply =
  /** The next trials of the study, in order (before `read`). */
  | { readonly kind: 'trials'; readonly trials: readonly TrialJSON[] }
  /** The imported study, its trials after those sent in `trials` parts. */
  | { readonly kind: 'read'; readonly imported: ImportedStudy }
  /** A `StudyFileError`'s message: the file was refused. */
  | { readonly kind: 'refused'; readonly message: string }
  /** Anything else that went wrong while reading. */
  | { readonly kind: 'failed'; readonly message: string }
  /** An Optuna journal of several studies, none named: the user picks one. */
  | { readonly kind: 'pick'; readonly studies: readonly OptunaStudyChoice[] };

/** Trials per reply message. */
export const REPLY_TRIALS = 1000;

/** The worker's replies for an imported study: its trials in parts, then the rest of it. */
export function replyParts(imported: ImportedStudy): StudyFileReply[] {
  const { trials } = imported.study;
  const parts: StudyFileReply[] = [];
  for (let start = 0; start < trials.length; start += REPLY_TRIALS) parts.push({ kind: 'trials', trials: trials.slice(start, start + REPLY_TRIALS) });
  parts.push({ kind: 'read', imported: { ...imported, study: { ...imported.study, trials: [] } } });
  return parts;
}

/** What the reader needs of a worker (a `Worker`, or a fake in tests). */
export interface ImportWorker {
  postMessage(message: StudyFileRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<StudyFileReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
}

/** Starts the import worker; null where the page cannot start workers. */
export function startImportWorker(): ImportWorker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./study-file.worker.ts', import.meta.url), { type: 'module', name: 'study-file' });
}

/** Reads and validates `file` in a worker (one per file), or on the main thread where none can start. */
export async function readStudyFileOffThread(file: Blob, startWorker: () => ImportWorker | null = startImportWorker): Promise<ImportedStudy> {
  let worker: ImportWorker | null;
  try {
    worker = startWorker();
  } catch {
    worker = null;
  }
  if (worker === null) return readStudyFile(file);
  const reply = await askWorker(worker, { file });
  if (reply === null) return readStudyFile(file);
  switch (reply.kind) {
    case 'read':
      return reply.imported;
    case 'refused':
      throw new StudyFileError(reply.message);
    case 'failed':
      throw new Error(reply.message);
    case 'trials':
      throw new Error('the import worker stopped before it sent the whole study');
    case 'pick':
      throw new Error('the import worker read a study file as an Optuna journal');
    default: {
      const unreachable: never = reply;
      return unreachable;
    }
  }
}

/** Reads an Optuna journal (`studyName`, or its only study) in a worker, or on the main thread where none can start. */
export async function readOptunaFileOffThread(file: Blob, studyName: string | null, startWorker: () => ImportWorker | null = startImportWorker): Promise<OptunaFileRead> {
  let worker: ImportWorker | null;
  try {
    worker = startWorker();
  } catch {
    worker = null;
  }
  const reply = worker === null ? null : await askWorker(worker, { file, optunaStudy: studyName });
  if (reply === null) return readOptunaFile(file, studyName);
  switch (reply.kind) {
    case 'read':
      return { kind: 'study', imported: reply.imported };
    case 'pick':
      return { kind: 'pick', studies: reply.studies };
    case 'refused':
      return { kind: 'refused', error: new StudyFileError(reply.message) };
    case 'failed':
      return { kind: 'refused', error: new StudyFileError(`the Optuna journal could not be read: ${reply.message}`) };
    case 'trials':
      return { kind: 'refused', error: new StudyFileError('the import worker stopped before it sent the whole study') };
    default: {
      const unreachable: never = reply;
      return unreachable;
    }
  }
}

/** The worker's replies for an Optuna journal read (`readOptunaFile`). */
export function optunaReplyParts(read: OptunaFileRead): StudyFileReply[] {
  switch (read.kind) {
    case 'study':
      return replyParts(read.imported);
    case 'pick':
      return [{ kind: 'pick', studies: read.studies }];
    case 'refused':
      return [{ kind: 'refused', message: read.error.message }];
    default: {
      const unreachable: never = read;
      return unreachable;
    }
  }
}

/**
 * The worker's reply, with the trials it sent in parts put back in place; null when it could not
 * give one (its script failed, or a reply could not be copied).
 */
function askWorker(worker: ImportWorker, request: StudyFileRequest): Promise<StudyFileReply | null> {
  return new Promise((resolve) => {
    const trials: TrialJSON[] = [];
    const settle = (reply: StudyFileReply | null): void => {
      worker.onmessage = worker.onerror = worker.onmessageerror = null;
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (event) => {
      const reply = event.data;
      if (reply.kind === 'trials') {
        for (const trial of reply.trials) trials.push(trial);
        return;
      }
      if (reply.kind !== 'read') return settle(reply);
      for (const trial of reply.imported.study.trials) trials.push(trial);
      settle({ kind: 'read', imported: { ...reply.imported, study: { ...reply.imported.study, trials } } });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      settle(null);
    };
    worker.onmessageerror = () => settle(null);
    try {
      worker.postMessage(request);
    } catch {
      settle(null);
    }
  });
}
