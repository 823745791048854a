/** Keeping a study that ran outside Setup → Run: written as a study file and handed to the library's import. */
import { describe, expect, it } from 'vitest';
import { braninLandscape } from '../../../src/runner';
import { createStudy } from '../../../src/tuner';
import { parseStudyFile } from '../../../src/ui/persistence';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { saveStudySnapshots, snapshotFile, studyOfTrials } from '../../../src/ui/state/study-snapshot';
import type { StudyOrigin } from '../../../src/ui/persistence';

const you: StudyOrigin = { kind: 'manual-duel', player: 'you', seed: 1, budget: 12, tries: 2 };

function playedStudy() {
  const study = createStudy({ space: braninLandscape.space, sampler: 'random', seed: 4 });
  for (const params of [{ x1: 0, x2: 5 }, { x1: 3, x2: 2 }]) {
    const { id } = study.ask(params);
    study.tell(id, braninLandscape.value(params));
  }
  return study;
}

describe('study snapshots', () => {
  it('writes a study file that reads back with its name, setup and trials', async () => {
    const blob = snapshotFile({ name: 'Manual duel: your picks', setup: { ...defaultSetup('branin'), strategy: 'random' }, study: playedStudy(), origin: you }, 1_700_000_000_000);
    const read = parseStudyFile(await blob.text());
    expect(read.name).toBe('Manual duel: your picks');
    expect(read.status).toBe('finished');
    expect(read.setup.strategy).toBe('random');
    expect(read.extra).toEqual({ snapshotOrigin: you });
    expect(read.study.trials.map((t) => t.params)).toEqual([
      { x1: 0, x2: 5 },
      { x1: 3, x2: 2 },
    ]);
  });

  it('refuses a setup the page would refuse, naming the field', () => {
    expect(() => snapshotFile({ name: 'bad', setup: { ...defaultSetup('branin'), workers: 0 }, study: playedStudy(), origin: you }, 0)).toThrow(/workers/);
  });

  it('hands each file to the library import in order and returns the ids', async () => {
    const files: string[] = [];
    const library = {
      transfers: {
        importFile: async (file: Blob) => {
          files.push(parseStudyFile(await file.text()).name);
          return files.length === 1 ? 'a' : null;
        },
      },
    };
    const setup = defaultSetup('branin');
    const ids = await saveStudySnapshots(library, [
      { name: 'one', setup, study: playedStudy(), origin: you },
      { name: 'two', setup, study: playedStudy(), origin: you },
    ]);
    expect(files).toEqual(['one', 'two']);
    expect(ids).toEqual(['a', null]);
  });

  it('rebuilds a study from a run’s trials, in id order, through the engine’s loader', () => {
    const played = playedStudy();
    const study = studyOfTrials({ name: 'race run', space: braninLandscape.space, direction: 'minimize', seed: 3926040372, sampler: 'gp', trials: [...played.trials].reverse() });
    expect(study.trials.map((t) => t.id)).toEqual([0, 1]);
    expect(study.best?.value).toBe(Math.min(...played.trials.map((t) => t.value as number)));
    expect(study.toJSON().sampler.name).toBe('gp');
  });
});
