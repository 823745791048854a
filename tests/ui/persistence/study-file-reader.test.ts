import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tuner';
import { createSavedStudy, readStudyFile, readStudyFileOffThread, StudyFileError, studyFileText, type ImportWorker, type StudyFileReply, type StudyFileRequest } from '../../../src/ui/persistence';
import { replyParts, REPLY_TRIALS } from '../../../src/ui/persistence/study-file-reader';
import { braninSetup, busyStudy } from './fixtures';

function studyFile(trials = 0): Blob {
  const setup = braninSetup();
  const study = trials === 0 ? busyStudy(setup) : createStudy({ space: setup.space, sampler: 'random', seed: 1 });
  for (let i = 0; i < trials; i++) study.tell(study.ask().id, i);
  const record = createSavedStudy({ name: 'from a file', setup, study: study.toJSON(), status: 'paused', now: 1_700_000_000_000 });
  return new Blob([studyFileText(record, 1_700_000_000_000)], { type: 'application/json' });
}

/** A worker that answers as `answer` says (after a tick, as a real one would), and records what it was sent. */
function fakeWorker(answer: (request: StudyFileRequest, worker: ImportWorker) => Promise<void>): { start: () => ImportWorker; sent: StudyFileRequest[]; terminated: () => boolean } {
  const sent: StudyFileRequest[] = [];
  let terminated = false;
  const worker: ImportWorker = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage(request) {
      sent.push(request);
      void answer(request, worker);
    },
    terminate() {
      terminated = true;
    },
  };
  return { start: () => worker, sent, terminated: () => terminated };
}

const reply = (worker: ImportWorker, data: StudyFileReply): void => worker.onmessage?.({ data } as MessageEvent<StudyFileReply>);

describe('readStudyFileOffThread', () => {
  it('hands the file to the worker and gives back what it read (sent in parts), then ends the worker', async () => {
    const file = studyFile(2 * REPLY_TRIALS + 7);
    const expected = await readStudyFile(file);
    const parts = replyParts(expected);
    expect(parts.map((p) => p.kind)).toEqual(['trials', 'trials', 'trials', 'read']);
    const worker = fakeWorker(async (request, w) => {
      for (const part of replyParts(await readStudyFile(request.file))) reply(w, part);
    });
    expect(await readStudyFileOffThread(file, worker.start)).toEqual(expected);
    expect(worker.sent).toEqual([{ file }]);
    expect(worker.terminated()).toBe(true);
  });

  it('a file the worker refused is a StudyFileError with its message', async () => {
    const worker = fakeWorker(async (_request, w) => reply(w, { kind: 'refused', message: 'not a study file: it is not valid JSON' }));
    const error = await readStudyFileOffThread(studyFile(), worker.start).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyFileError);
    expect((error as Error).message).toBe('not a study file: it is not valid JSON');
  });

  it('reads on the main thread where no worker starts, or when its script fails or its reply cannot be copied', async () => {
    const file = studyFile();
    const expected = await readStudyFile(file);
    expect(await readStudyFileOffThread(file, () => null)).toEqual(expected);
    const throwing = () => {
      throw new DOMException('refused by the page policy', 'SecurityError');
    };
    expect(await readStudyFileOffThread(file, throwing)).toEqual(expected);
    const broken = fakeWorker(async (_request, w) => w.onerror?.({ preventDefault: () => undefined, message: 'the script failed to load' } as ErrorEvent));
    expect(await readStudyFileOffThread(file, broken.start)).toEqual(expected);
    expect(broken.terminated()).toBe(true);
    const uncopyable = fakeWorker(async (_request, w) => w.onmessageerror?.({} as MessageEvent));
    expect(await readStudyFileOffThread(file, uncopyable.start)).toEqual(expected);
  });

  it('where there is no Worker at all (Node), reads on the main thread, refusals included', async () => {
    const error = await readStudyFileOffThread(new Blob(['{"format":"something else"}'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudyFileError);
    expect((error as Error).message).toMatch(/^not a study file: expected format/);
  });
});
