import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createStudy, OPTUNA_JOURNAL_MAX_BYTES, studyToOptunaJournal, type SearchSpace } from '../../../src/tuner';
import { continueProblem, createSavedStudy, isOptunaJournal, openStudyStore, readOptunaFile, readOptunaFileOffThread, studyFileText, type ImportWorker, type StudyFileReply, type StudyFileRequest } from '../../../src/ui/persistence';
import { optunaReplyParts } from '../../../src/ui/persistence/study-file-reader';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { StudyLibrary } from '../../../src/ui/state/study-library.svelte';
import { braninSetup, busyStudy } from '../persistence/fixtures';
import { memoryChannelHub } from './memory-locks';

const NOW = 1_700_000_000_000;
const BRANIN: SearchSpace = defaultSetup('branin').space;
const FOREIGN: SearchSpace = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  layers: { type: 'int', low: 1, high: 4 },
  optimizer: { type: 'categorical', choices: ['adam', 'sgd'] },
};

function library(downloads: { name: string; blob: Blob }[] = []) {
  return new StudyLibrary({ openStore: () => openStudyStore({ factory: new IDBFactory() }), now: () => NOW, download: (blob, name) => downloads.push({ name, blob }), channel: memoryChannelHub() });
}

/** An Optuna journal of a study on `space` with `trials` complete trials (one pruned, with intermediate values). */
function journal(name: string, space: SearchSpace, trials = 4): string {
  const study = createStudy({ space, sampler: 'random', seed: 3, clock: () => NOW });
  for (let i = 0; i < trials; i++) {
    const { id } = study.ask();
    study.report(id, 1, 10 - i);
    if (i === 1) study.tell(id, { state: 'pruned', reason: 'below median' });
    else study.tell(id, 5 - i * 0.5);
  }
  return studyToOptunaJournal(study, { studyName: name, now: NOW });
}

/** Two studies in one journal: the second's records refer to study id 1. */
function twoStudies(): string {
  return journal('first', BRANIN) + journal('second', FOREIGN, 3).replaceAll('"study_id":0', '"study_id":1');
}

const file = (text: string, name: string) => new File([text], name);

describe('importing an Optuna journal in the Saved view', () => {
  it('tells a journal from a study file by its content, whatever its name', async () => {
    expect(await isOptunaJournal(file(journal('a', BRANIN), 'study.json'))).toBe(true);
    expect(await isOptunaJournal(new Blob([journal('a', BRANIN)]))).toBe(true);
    const record = createSavedStudy({ name: 'saved', setup: braninSetup(), study: busyStudy().toJSON(), status: 'paused', now: NOW });
    expect(await isOptunaJournal(file(studyFileText(record, NOW), 'saved.json'))).toBe(false);
    expect(await isOptunaJournal(file('garbage\n', 'broken.jsonl'))).toBe(true);
    expect(await isOptunaJournal(file('garbage\n', 'broken.json'))).toBe(false);
  });

  it('stores a study whose parameters fit a task, ready to resume on it', async () => {
    const lib = library();
    await lib.open();
    const id = await lib.transfers.optuna.importFile(file(journal('branin from optuna', BRANIN, 5), 'b.jsonl'));
    expect(id).not.toBeNull();
    expect(lib.message?.text).toMatch(/^Imported “branin from optuna” with 5 trials\. It was matched to the task "Synthetic: Branin landscape \(instant\)".*Resuming it runs 20 more trials\.$/);
    const record = await lib.get(id as string);
    expect(record?.setup.task).toBe('branin');
    expect(record?.setup.budget.trials).toBe(25);
    expect(record?.status).toBe('paused');
    expect(record?.study.trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete', 'complete', 'complete']);
    expect(record?.study.trials[0]?.intermediate.map((e) => [e.step, e.value])).toEqual([[1, 10]]);
    expect(continueProblem(record?.setup)).toBeNull();
    expect(lib.continueChecks.problems.has(id as string)).toBe(false);
  });

  it('stores a study that fits no task for its results, and says why it cannot continue here', async () => {
    const lib = library();
    await lib.open();
    const id = (await lib.transfers.optuna.importFile(file(journal('foreign', FOREIGN, 3), 'f.log'))) as string;
    expect(lib.message?.text).toMatch(/^Imported “foreign” with 3 trials\. It cannot continue in this page: its parameters \(lr, layers, optimizer\) fit none of this page’s tasks/);
    expect(lib.summaries.find((s) => s.id === id)?.bestValue).toBe(4);
    expect(lib.continueChecks.problems.get(id)).toMatchObject({ kind: 'no-task', message: expect.stringMatching(/^its parameters \(lr, layers, optimizer\) fit none/) });
    // Its setup is only for showing results: the strategy shown is the one that made it (our export recorded random search).
    expect(lib.continueChecks.strategies.get(id)).toBe('Random');
  });

  it('shows the Optuna sampler a journal shows made a study that fits no task, when the journal shows it', async () => {
    const lib = library();
    await lib.open();
    const plain = journal('plain', FOREIGN, 2).split('\n').filter((line) => line !== '' && !line.includes('"op_code":2')).join('\n');
    const nsga = plain.replace('"system_attrs":{}', '"system_attrs":{"nsga2:generation":0}').replaceAll('"study_name":"plain"', '"study_name":"nsga"');
    const plainId = (await lib.transfers.optuna.importFile(file(`${plain}\n`, 'plain.log'))) as string;
    const nsgaId = (await lib.transfers.optuna.importFile(file(`${nsga}\n`, 'nsga.log'))) as string;
    expect(lib.continueChecks.strategies.get(plainId)).toBeUndefined(); // its row then says 'from Optuna'
    expect(lib.continueChecks.strategies.get(nsgaId)).toBe('NSGAIISampler (Optuna)');
  });

  it('waits for a pick when the journal holds several studies, then imports the one picked', async () => {
    const lib = library();
    await lib.open();
    expect(await lib.transfers.optuna.importFile(file(twoStudies(), 'two.jsonl'))).toBeNull();
    expect(lib.message?.text).toBe('“two.jsonl” holds 2 studies: pick the one to import.');
    expect(lib.transfers.optuna.choice?.studies.map((s) => [s.name, s.trials])).toEqual([
      ['first', 4],
      ['second', 3],
    ]);
    expect(lib.summaries).toEqual([]);
    const id = await lib.transfers.optuna.pick('second');
    expect(lib.transfers.optuna.choice).toBeNull();
    expect((await lib.get(id as string))?.name).toBe('second');
    expect(lib.summaries.map((s) => s.name)).toEqual(['second']);
  });

  it('leaves out an unfinished last line (a write in progress) and says so, as Optuna leaves it out', async () => {
    const lib = library();
    await lib.open();
    const text = journal('branin from optuna', BRANIN, 3);
    const lineCount = text.split('\n').length - 1;
    const id = await lib.transfers.optuna.importFile(file(`${text}{"op_code": 4, "worker_id": "w", "stu`, 'b.jsonl'));
    expect(id).not.toBeNull();
    expect((await lib.get(id as string))?.study.trials).toHaveLength(3);
    expect(lib.message?.text).toContain(`The journal's last line (line ${lineCount + 1}) was left out: it is not whole JSON and has no newline after it`);
    expect(lib.message?.text).not.toMatch(/\)\.$/);
  });

  it('refuses a broken journal naming the line and the problem, and changes nothing saved', async () => {
    const lib = library();
    await lib.open();
    await lib.transfers.optuna.importFile(file(journal('kept', BRANIN), 'kept.jsonl'));
    const before = lib.summaries;
    const lines = journal('broken', BRANIN).split('\n');
    const broken = [...lines.slice(0, 2), '{"op_code": 42, "worker_id": "w"}', ...lines.slice(2)].join('\n');
    expect(await lib.transfers.optuna.importFile(file(broken, 'broken.jsonl'))).toBeNull();
    expect(lib.message).toMatchObject({ tone: 'error', text: expect.stringMatching(/^Import refused: Optuna journal line 3: .*42/) });
    expect(await lib.transfers.optuna.importFile(file('not json at all\n', 'garbage.jsonl'))).toBeNull();
    expect(lib.message?.text).toMatch(/^Import refused: Optuna journal line 1: /);
    expect(await lib.transfers.optuna.importFile(file('x'.repeat(OPTUNA_JOURNAL_MAX_BYTES + 1), 'huge.jsonl'))).toBeNull();
    expect(lib.message?.text).toMatch(/^Import refused: the Optuna journal is too large \(20\.0 MB\); journals up to 20\.0 MB can be imported$/);
    await lib.refresh();
    expect(lib.summaries).toEqual(before);
  });

  it('exports a saved study as a journal and a script that names it, which import back with the same trials', async () => {
    const downloads: { name: string; blob: Blob }[] = [];
    const lib = library(downloads);
    await lib.open();
    const id = (await lib.transfers.importFile(new Blob([studyFileText(createSavedStudy({ name: 'Busy study', setup: braninSetup(), study: busyStudy().toJSON(), status: 'paused', now: NOW }), NOW)]))) as string;
    await lib.transfers.exportOptuna(id, 'journal');
    await lib.transfers.exportOptuna(id, 'script');
    expect(downloads.map((d) => d.name)).toEqual([expect.stringMatching(/^Busy-study-\d{4}-\d{2}-\d{2}\.optuna\.jsonl$/), expect.stringMatching(/^Busy-study-\d{4}-\d{2}-\d{2}_optuna\.py$/)]);
    const [journalFile, script] = downloads;
    expect(await script?.blob.text()).toContain(journalFile?.name);
    const text = (await journalFile?.blob.text()) as string;
    expect(text.split('\n').filter((l) => l !== '').every((l) => typeof JSON.parse(l).op_code === 'number')).toBe(true);
    const back = (await lib.transfers.optuna.importFile(file(text, journalFile?.name as string))) as string;
    const original = (await lib.get(id))?.study.trials ?? [];
    const imported = (await lib.get(back))?.study.trials ?? [];
    expect(imported.map((t) => [t.state, t.value, t.params])).toEqual(original.map((t) => [t.state === 'running' ? 'failed' : t.state, t.state === 'running' ? null : t.value, t.params]));
  });
});

describe('why a saved study cannot continue here', () => {
  it('names a damaged setup, and a space no task fits, but not a setup the page runs', async () => {
    const factory = new IDBFactory();
    const store = await openStudyStore({ factory });
    const setup = braninSetup();
    const study = busyStudy(setup).toJSON();
    await store.put(createSavedStudy({ id: 'fine', name: 'fine', setup, study, status: 'paused', now: NOW }));
    await store.put(createSavedStudy({ id: 'damaged', name: 'damaged', setup: { ...setup, workers: 99 }, study, status: 'paused', now: NOW }));
    await store.put(createSavedStudy({ id: 'done', name: 'done', setup: { ...setup, workers: 99 }, study, status: 'finished', now: NOW }));
    store.close();
    const lib = new StudyLibrary({ openStore: () => openStudyStore({ factory }), now: () => NOW, channel: memoryChannelHub() });
    await lib.open();
    expect([...lib.continueChecks.problems]).toEqual([['damaged', { kind: 'invalid-setup', message: expect.stringMatching(/^its setup cannot run here \(workers: /) }]]);
    expect(continueProblem({ ...setup, space: FOREIGN })).toEqual({ kind: 'no-task', message: 'its parameters (lr, layers, optimizer) fit none of this page’s tasks (branin, synthetic-mlp, mnist-cnn, fashion-cnn)' });
    await lib.remove('damaged');
    expect(lib.continueChecks.problems.size).toBe(0);
  });
});

describe('reading a journal in the import worker', () => {
  /** A worker that reads as the real one does (after a tick), recording what it was sent. */
  function readingWorker(): { start: () => ImportWorker; sent: StudyFileRequest[] } {
    const sent: StudyFileRequest[] = [];
    const worker: ImportWorker = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(request) {
        sent.push(request);
        void readOptunaFile(request.file, request.optunaStudy ?? null, () => NOW).then((read) => {
          for (const data of optunaReplyParts(read)) worker.onmessage?.({ data } as MessageEvent<StudyFileReply>);
        });
      },
      terminate: () => undefined,
    };
    return { start: () => worker, sent };
  }

  it('gives back the studies to pick from, the study picked, or why the file was refused, as on the main thread', async () => {
    const two = new Blob([twoStudies()]);
    const worker = readingWorker();
    expect(await readOptunaFileOffThread(two, null, worker.start)).toEqual(await readOptunaFile(two, null));
    const picked = await readOptunaFileOffThread(two, 'first', worker.start);
    expect(picked).toEqual(await readOptunaFile(two, 'first', () => NOW));
    expect(picked.kind === 'study' && picked.imported.study.trials.length).toBe(4);
    expect(worker.sent).toEqual([
      { file: two, optunaStudy: null },
      { file: two, optunaStudy: 'first' },
    ]);
    const refused = await readOptunaFileOffThread(new Blob(['{"op_code": 0, "worker_id": "w", "study_name": "a", "directions": [1]}\n{"op_code": 99}\n']), null, worker.start);
    expect(refused.kind === 'refused' && refused.error.message).toMatch(/^Optuna journal line 2: /);
    expect(await readOptunaFileOffThread(two, null, () => null)).toMatchObject({ kind: 'pick' });
  });
});
