/**
 * Journal forms beyond the ones Optuna 3.1 writes: Optuna ≥ 5.0's named constraints (one
 * `constraints:<name>` system attr each, from trial.set_constraint) beside the list-form
 * `constraints` attr; and a last line still being written (no newline, not whole JSON), which
 * Optuna's reader leaves out while it fails on a broken line followed by another.
 */
import { describe, expect, it } from 'vitest';
import { importOptunaJournal, OptunaJournalError, readOptunaJournal } from '../../../src/tuner';

const W = { worker_id: 'w-1' };
const FLOAT = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0, high: 1, log: false } });
const STUDY = { op_code: 0, ...W, study_name: 's', directions: [1] };

function trial(x: number, value: number | null, systemAttrs: Record<string, unknown>, state = 1) {
  return {
    op_code: 4,
    ...W,
    study_id: 0,
    datetime_start: '2024-05-01T12:00:00.000000',
    datetime_complete: '2024-05-01T12:00:01.000000',
    state,
    value,
    values: null,
    distributions: { x: FLOAT },
    params: { x },
    user_attrs: {},
    system_attrs: systemAttrs,
    intermediate_values: {},
  };
}

const lines = (...records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('named constraints (Optuna ≥ 5.0 trial.set_constraint)', () => {
  it('reads one constraints:<name> attr per constraint as that named constraint', () => {
    const text = lines(
      STUDY,
      trial(0.25, 0.5, { 'constraints:memory': -2.5, 'constraints:latency': 0.5 }),
      trial(0.75, 0.25, { 'constraints:memory': 1, 'constraints:latency': -1 }),
      trial(0.5, null, {}, 3),
    );
    const { study } = importOptunaJournal(text);
    expect(study.constraints).toEqual(['memory', 'latency']);
    expect(study.trials.map((t) => t.constraints)).toEqual([{ memory: -2.5, latency: 0.5 }, { memory: 1, latency: -1 }, undefined]);
  });

  it('reads them alongside the list-form constraints attr', () => {
    const text = lines(STUDY, trial(0.25, 0.5, { constraints: [-1, 2], 'constraints:memory': 3 }), trial(0.75, 0.25, { constraints: [0, 0], 'constraints:memory': -3 }));
    const { study } = importOptunaJournal(text);
    expect(study.constraints).toEqual(['constraint_0', 'constraint_1', 'memory']);
    expect(study.trials[0]?.constraints).toEqual({ constraint_0: -1, constraint_1: 2, memory: 3 });
  });

  it('refuses a named constraint that is not a finite number, naming the line, trial and attr', () => {
    const text = lines(STUDY, trial(0.25, 0.5, { 'constraints:memory': 1 }), trial(0.75, 0.25, { 'constraints:memory': 'lots' }));
    expect(() => importOptunaJournal(text)).toThrow(/^Optuna journal line 3: trial 1: constraint "memory" \(the "constraints:memory" system attr\) is "lots", not a finite number$/);
  });
});

describe('an unfinished last line', () => {
  const whole = lines(STUDY, trial(0.25, 0.5, {}), trial(0.75, 0.25, {}));

  it('is left out, as Optuna leaves it out, and said so', () => {
    const text = `${whole}{"op_code": 4, "worker_id": "w-1", "study_id": 0, "datetime_st`;
    expect(readOptunaJournal(text).unfinishedLastLine).toBe(4);
    const imported = importOptunaJournal(text);
    expect(imported.unfinishedLastLine).toBe(4);
    expect(imported.study.trials).toHaveLength(2);
    expect(importOptunaJournal(whole).unfinishedLastLine).toBeNull();
  });

  it('is refused when a newline ends it (the write finished), or another line follows it', () => {
    const broken = '{"op_code": 4, "worker_id": "w-1", "study_id": 0, "datetime_st';
    for (const text of [`${whole}${broken}\n`, lines(STUDY) + `${broken}\n` + lines(trial(0.25, 0.5, {})).trimEnd()]) {
      let error: unknown;
      try {
        readOptunaJournal(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OptunaJournalError);
      expect((error as OptunaJournalError).line).toBe(text.startsWith(whole) ? 4 : 2);
      expect((error as OptunaJournalError).message).toMatch(/not JSON/);
    }
  });

  it('still refuses a file whose only line is not JSON, and a last line that is JSON but no record', () => {
    expect(() => readOptunaJournal('hello, Optuna')).toThrow(/^Optuna journal line 1: not JSON/);
    expect(() => readOptunaJournal(`${whole}[1, 2]`)).toThrow(/^Optuna journal line 4: not a journal record/);
  });
});

describe('which sampler made a study', () => {
  const made = (records: object[]) => importOptunaJournal(lines(...records)).madeBy;

  it('is our export’s sampler attr, or the attrs Optuna’s samplers leave, else unknown', () => {
    expect(made([STUDY, { op_code: 2, ...W, study_id: 0, user_attr: { sampler: { name: 'gp', options: {} } } }, trial(0.5, 1, {})])).toEqual({ from: 'tfjs-tuner', name: 'gp' });
    expect(made([STUDY, trial(0.5, 1, { 'nsga2:generation': 0 })])).toEqual({ from: 'optuna', name: 'NSGAIISampler' });
    expect(made([STUDY, trial(0.5, 1, { 'cma:generation': 0 })])).toEqual({ from: 'optuna', name: 'CmaEsSampler' });
    expect(made([STUDY, trial(0.5, 1, { grid_id: 3, search_space: { x: [0.5] } })])).toEqual({ from: 'optuna', name: 'GridSampler' });
    expect(made([STUDY, { op_code: 3, ...W, study_id: 0, system_attr: { "sobol (scramble=True, seed=1)'s last sample id": 0 } }, trial(0.5, 1, {})])).toEqual({ from: 'optuna', name: 'QMCSampler' });
    expect(made([STUDY, trial(0.5, 1, {})])).toBeNull();
  });
});
