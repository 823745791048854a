/**
 * Export to Optuna, checked by real Optuna: the journal studyToOptunaJournal writes is loaded by
 * Optuna's JournalStorage, and every trial, param, distribution, value, state, intermediate value
 * and attr Optuna sees is what the study holds; Optuna then continues the study with TPE (running
 * the queued configuration first) and copies it into an SQLite storage, which validates each trial.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatOptunaDatetime,
  JOURNAL_OP,
  RUNNING_AS_FAILED_NOTE,
  studyToOptunaJournal,
  toOptunaDistribution,
  type Study,
  type Trial,
} from '../../../src/tuner';
import { optunaSees, type OptunaTrialView, type OptunaView } from './export-check';
import { FIXTURE_T0, VARIETY_SPACE, varietyStudy } from './export-fixture';

const NOW = FIXTURE_T0 + 3_600_000;
/** A study user attr of the caller's own, as the page writes a Manual duel player's origin. */
const ORIGIN_ATTR = { kind: 'manual-duel', player: 'you', seed: 3, budget: 10, tries: 4, note: null, scales: [0.5, 2] };
const STATE_NAMES = { complete: 'COMPLETE', pruned: 'PRUNED', failed: 'FAIL', running: 'FAIL' } as const;

describe('a study exported as an Optuna journal', () => {
  let study: Study;
  let journal: string;
  let seen: OptunaView;

  beforeAll(async () => {
    study = varietyStudy();
    journal = studyToOptunaJournal(study, { now: NOW, studyUserAttrs: { tfjs_tuner_origin: ORIGIN_ATTR } });
    seen = await optunaSees(journal, { continueTrials: 4, copyToSqlite: true });
  }, 180_000);

  it('is JSON lines, each an operation Optuna knows, ending in a newline', () => {
    expect(journal.endsWith('\n')).toBe(true);
    const records = journal.trimEnd().split('\n').map((line) => JSON.parse(line) as { op_code: number; worker_id: string });
    const known = new Set<number>(Object.values(JOURNAL_OP));
    for (const r of records) {
      expect(known.has(r.op_code)).toBe(true);
      expect(typeof r.worker_id).toBe('string');
    }
    expect(records[0]?.op_code).toBe(JOURNAL_OP.CREATE_STUDY);
  });

  it('opens in Optuna as one study with its name, direction and our study attrs', () => {
    expect(seen.studies).toHaveLength(1);
    const s = seen.studies[0]!;
    expect(s.name).toBe('variety "study"');
    expect(s.directions).toEqual(['MINIMIZE']);
    expect(s.user_attrs.exported_from).toBe('tfjs-tuner');
    expect(s.user_attrs.seed).toBe(7);
    expect(s.user_attrs.sampler).toEqual({ name: 'random', options: {} });
    expect(s.user_attrs.constraint_names).toEqual(['paramsOver', 'latencyOver']);
    expect(Object.keys(s.user_attrs.search_space as object)).toEqual(Object.keys(VARIETY_SPACE));
  });

  it('keeps the study user attrs the caller adds, readable as study.user_attrs in Optuna and in its SQLite copy', () => {
    expect(seen.studies[0]!.user_attrs.tfjs_tuner_origin).toEqual(ORIGIN_ATTR);
    expect(seen.loaded_user_attrs?.tfjs_tuner_origin).toEqual(ORIGIN_ATTR);
    expect(seen.copied_user_attrs?.tfjs_tuner_origin).toEqual(ORIGIN_ATTR);
  });

  it('has every trial with its state, value, params and datetimes, then the queued one as WAITING', () => {
    const trials = seen.studies[0]!.trials;
    expect(trials).toHaveLength(study.trials.length + 1);
    for (const t of study.trials) {
      const o = trials[t.id]!;
      expect(o.number).toBe(t.id);
      expect(o.state).toBe(STATE_NAMES[t.state]);
      expect(o.params).toEqual(t.params);
      expect(o.datetime_start).toBe(formatOptunaDatetime(t.startedAt));
      expect(o.datetime_complete).toBe(formatOptunaDatetime(t.endedAt ?? NOW));
      expect(o.value).toBe(expectedValue(t));
    }
    const waiting = trials[study.trials.length]!;
    expect(waiting.state).toBe('WAITING');
    expect(waiting.system_attrs.fixed_params).toEqual(study.enqueued[0]);
    expect(waiting.datetime_start).toBeNull();
  });

  it('gives each param the Optuna distribution of its definition (float and int with log and step, categoricals of every type)', () => {
    const trial = seen.studies[0]!.trials[0]!;
    for (const [name, def] of Object.entries(study.space)) {
      expect(JSON.parse(trial.distributions[name]!)).toEqual(JSON.parse(toOptunaDistribution(def)));
    }
    expect(JSON.parse(trial.distributions.layers!)).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 2, low: 1, high: 9 } });
    expect(JSON.parse(trial.distributions.lr!)).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 1e-4, high: 0.1, log: true } });
    expect(JSON.parse(trial.distributions.batchNorm!).attributes.choices).toEqual([true, false]);
  });

  it('keeps intermediate values, last-step metrics, reasons, compute time and constraints', () => {
    const trials = seen.studies[0]!.trials;
    for (const t of study.trials) {
      const o = trials[t.id]!;
      expect(o.intermediate_values).toEqual(Object.fromEntries(t.intermediate.map((e) => [String(e.step), e.value])));
      const last = t.intermediate.at(-1)?.metrics ?? {};
      for (const [name, v] of Object.entries(last)) expect(o.user_attrs[name]).toBe(v);
      expect(o.user_attrs.reason).toBe(t.reason ?? undefined);
      expect(o.user_attrs.compute_ms).toBe(t.computeMs);
      expect(o.system_attrs.constraints).toEqual(t.constraints === undefined ? undefined : [t.constraints.paramsOver, t.constraints.latencyOver]);
    }
    expect(trials[6]!.user_attrs.note).toBe(RUNNING_AS_FAILED_NOTE);
  });

  it('continues in Optuna with TPE: the queued configuration runs first, then new trials, all complete', () => {
    const after = seen.continued!.trials;
    expect(after).toHaveLength(study.trials.length + 1 + 3);
    const queued = after[study.trials.length]!;
    expect(queued.state).toBe('COMPLETE');
    expect(queued.params).toEqual(study.enqueued[0]);
    const fresh: OptunaTrialView[] = after.slice(study.trials.length + 1);
    for (const t of fresh) {
      expect(t.state).toBe('COMPLETE');
      expect(Object.keys(t.params).sort()).toEqual(Object.keys(VARIETY_SPACE).sort());
      expect(t.system_attrs.constraints).toHaveLength(2);
    }
  });

  it('copies into an SQLite storage with optuna.copy_study (every trial passes Optuna validation)', () => {
    expect(seen.copied).toBe(study.trials.length + 1);
  });

  it('leaves running trials out when asked, numbering the rest in order', async () => {
    const omitted = studyToOptunaJournal(study, { running: 'omit', now: NOW });
    const view = await optunaSees(omitted);
    const states = view.studies[0]!.trials.map((t) => t.state);
    expect(states).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE', 'WAITING']);
  }, 120_000);

  it('writes a maximized study with no constraints and no trials, which Optuna opens and continues', async () => {
    const empty = studyToOptunaJournal({ ...study.toJSON(), name: '', direction: 'maximize', trials: [], constraints: undefined, enqueued: undefined }, { now: NOW });
    const view = await optunaSees(empty, { continueTrials: 2 });
    expect(view.studies[0]!.name).toBe('tfjs-tuner-study');
    expect(view.studies[0]!.directions).toEqual(['MAXIMIZE']);
    expect(view.continued!.trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE']);
  }, 120_000);
});

describe('studyToOptunaJournal, what it will not write as is', () => {
  const base = () => varietyStudy().toJSON();
  const trialRecords = (journal: string) =>
    journal
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { op_code: number; user_attrs?: Record<string, unknown>; intermediate_values?: Record<string, number> })
      .filter((r) => r.op_code === JOURNAL_OP.CREATE_TRIAL);

  it('refuses a trial whose param is outside the space, naming the trial and param', () => {
    const json = base();
    json.trials[2]!.params.layers = 4;
    expect(() => studyToOptunaJournal(json, { now: NOW })).toThrow(/trial 2: param "layers": 4 is not on the step-2 grid/);
  });

  it('refuses a complete trial without a finite value and a trial missing a param', () => {
    const json = base();
    json.trials[0]!.value = null;
    expect(() => studyToOptunaJournal(json, { now: NOW })).toThrow(/trial 0: a complete trial needs a finite value/);
    const missing = base();
    delete missing.trials[1]!.params.lr;
    expect(() => studyToOptunaJournal(missing, { now: NOW })).toThrow(/trial 1: param "lr" is missing/);
  });

  it('leaves out intermediate values at fractional steps, with a note naming them', () => {
    const json = base();
    json.trials[0]!.intermediate.splice(1, 0, { step: 1.5, value: 0.7 });
    const first = trialRecords(studyToOptunaJournal(json, { now: NOW }))[0]!;
    expect(first.intermediate_values).toEqual({ 1: 0.9, 2: 0.6, 3: 0.45 });
    expect(first.user_attrs?.note).toMatch(/not whole numbers .*: 1\.5$/);
  });

  it('refuses queued params outside the space, naming them', () => {
    const json = base();
    json.enqueued = [{ ...json.enqueued![0]!, activation: 'swish' }];
    expect(() => studyToOptunaJournal(json, { now: NOW })).toThrow(/queued params #1: param "activation": "swish" is not one of the choices/);
  });

  it('takes a blank study name as the default name', () => {
    const first = JSON.parse(studyToOptunaJournal(base(), { studyName: '  ', now: NOW }).split('\n')[0]!) as { study_name: string };
    expect(first.study_name).toBe('tfjs-tuner-study');
  });
});

/** Optuna's value: a complete trial's value; a pruned one's last finite intermediate value; else none. */
function expectedValue(t: Trial): number | null {
  switch (t.state) {
    case 'complete':
      return t.value;
    case 'pruned':
      return [...t.intermediate].reverse().find((e) => e.value !== null)?.value ?? null;
    case 'failed':
    case 'running':
      return null;
    default: {
      const unreachable: never = t.state;
      return unreachable;
    }
  }
}
