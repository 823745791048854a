/**
 * The caller's own study user attrs in an exported Optuna journal (`studyUserAttrs`): written after
 * the exporter's own as SET_STUDY_USER_ATTR records, read back by the import as `studyUserAttrs`;
 * a key the exporter writes itself, or a value that is not JSON, is refused naming the key.
 */
import { describe, expect, it } from 'vitest';
import { createStudy, EXPORT_STUDY_ATTR, importOptunaJournal, JOURNAL_OP, studyToOptunaJournal, type JournalJSONValue } from '../../../src/tuner';

const NOW = 1_700_000_000_000;

function smallStudy() {
  const study = createStudy({ name: 'attrs', space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'random', seed: 5, clock: () => NOW });
  for (let i = 0; i < 2; i++) study.tell(study.ask().id, i + 0.5);
  return study;
}

/** The study user attrs records of a journal, in file order. */
function studyAttrRecords(journal: string): Record<string, unknown>[] {
  return journal
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { op_code: number; user_attr?: Record<string, unknown> })
    .filter((r) => r.op_code === JOURNAL_OP.SET_STUDY_USER_ATTR)
    .map((r) => r.user_attr ?? {});
}

describe('studyToOptunaJournal with studyUserAttrs', () => {
  const origin = { kind: 'race-run', entry: 'ASHA + random', scheduler: 'asha', raceSeed: 1, runSeed: null, repeat: 0 };

  it('writes each after the exporter’s own study attrs, and the import gives them back', () => {
    const journal = studyToOptunaJournal(smallStudy(), { now: NOW, studyUserAttrs: { tfjs_tuner_origin: origin, label: 'kept', weight: 0.25 } });
    const records = studyAttrRecords(journal);
    expect(records.map((r) => Object.keys(r)[0])).toEqual(['exported_from', 'sampler', 'seed', 'search_space', 'tfjs_tuner_origin', 'label', 'weight']);
    expect(records[4]).toEqual({ tfjs_tuner_origin: origin });
    const back = importOptunaJournal(journal);
    expect(back.studyUserAttrs.tfjs_tuner_origin).toEqual(origin);
    expect(back.studyUserAttrs.label).toBe('kept');
    expect(back.studyUserAttrs[EXPORT_STUDY_ATTR.SEED]).toBe(5);
    expect(back.study.trials).toHaveLength(2);
  });

  it('writes the same journal as before when none are given', () => {
    const study = smallStudy();
    expect(studyToOptunaJournal(study, { now: NOW, studyUserAttrs: {} })).toBe(studyToOptunaJournal(study, { now: NOW }));
    expect(importOptunaJournal(studyToOptunaJournal(study, { now: NOW })).studyUserAttrs).not.toHaveProperty('tfjs_tuner_origin');
  });

  it('refuses a key the exporter writes itself, naming it', () => {
    for (const key of Object.values(EXPORT_STUDY_ATTR)) {
      expect(() => studyToOptunaJournal(smallStudy(), { now: NOW, studyUserAttrs: { [key]: 1 } })).toThrow(
        `studyUserAttrs: "${key}" is a study user attr the export writes itself (exported_from, sampler, seed, constraint_names, search_space); give the attr another name`,
      );
    }
  });

  it('refuses a value that is not JSON, naming the key and the problem', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: [unknown, string][] = [
      [Number.NaN, 'NaN is not a finite number'],
      [{ deep: [1, Number.POSITIVE_INFINITY] }, 'Infinity is not a finite number'],
      [undefined, 'a value of type undefined is not JSON'],
      [() => 1, 'a value of type function is not JSON'],
      [new Date(NOW), 'only plain objects and lists are JSON'],
      [cyclic, 'it contains itself'],
    ];
    for (const [value, problem] of bad) {
      expect(() => studyToOptunaJournal(smallStudy(), { now: NOW, studyUserAttrs: { origin: value as JournalJSONValue } })).toThrow(`studyUserAttrs: "origin" is not a JSON value: ${problem}`);
    }
  });
});
