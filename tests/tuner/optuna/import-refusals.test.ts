/**
 * Hostile or broken journal files: each refused with an OptunaJournalError naming the line and the
 * problem; and the replay rules Optuna follows for odd but legal files (ignored duplicates, updates
 * to finished trials, Python's NaN/Infinity words).
 */
import { describe, expect, it } from 'vitest';
import { importOptunaJournal, listOptunaStudies, OPTUNA_JOURNAL_MAX_BYTES, OptunaJournalError, readOptunaJournal, studyFromOptunaJournal } from '../../../src/tuner';

const W = { worker_id: 'w-1' };
const FLOAT = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0, high: 1, log: false } });
const CHOICE = JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: ['a', 'b'] } });

const createStudy = (name = 's', directions: unknown[] = [1]) => ({ op_code: 0, ...W, study_name: name, directions });
const trial = (extra: Record<string, unknown> = {}) => ({
  op_code: 4,
  ...W,
  study_id: 0,
  datetime_start: '2024-05-01T12:00:00.000000',
  datetime_complete: '2024-05-01T12:00:01.500000',
  state: 1,
  value: 0.5,
  values: null,
  distributions: { x: FLOAT, c: CHOICE },
  params: { x: 0.25, c: 1 },
  user_attrs: {},
  system_attrs: {},
  intermediate_values: {},
  ...extra,
});

/** A journal's text from records (objects, or raw lines as written). */
function journal(...records: (object | string)[]): string {
  return records.map((r) => `${typeof r === 'string' ? r : JSON.stringify(r)}\n`).join('');
}

function refusal(text: string, run: (text: string) => unknown = studyFromOptunaJournal): OptunaJournalError {
  try {
    run(text);
  } catch (e) {
    if (e instanceof OptunaJournalError) return e;
    throw e;
  }
  throw new Error('the journal was accepted');
}

describe('refused journals name the line and the problem', () => {
  const cases: [string, string, number | null, RegExp][] = [
    ['an empty file', '', null, /the file is empty/],
    ['plain text', 'hello, Optuna\n', 1, /not JSON/],
    ['a study file (one JSON document over many lines)', '{\n  "format": "tfjs-tuner.study"\n}\n', 1, /not JSON/],
    ['a JSON line that is not an object', journal(createStudy(), '[1, 2]'), 2, /expected a JSON object/],
    ['a blank line', journal(createStudy(), '  ', trial()), 2, /blank/],
    ['a record without op_code', journal({ study_name: 's' }), 1, /no "op_code"/],
    ['an unknown op code', journal(createStudy(), { op_code: 42, ...W }), 2, /unknown op_code 42/],
    ['a missing field', journal({ op_code: 0, ...W, study_name: 's' }), 1, /has no "directions"/],
    ['a mistyped field', journal(createStudy(), trial({ study_id: 'zero' })), 2, /"study_id" must be an integer ≥ 0, got "zero"/],
    ['a trial of a study never created', journal(createStudy(), trial({ study_id: 3 })), 2, /study_id 3 refers to a study the journal never created/],
    ['an update of a trial never created', journal(createStudy(), { op_code: 8, ...W, trial_id: 7, user_attr: { a: 1 } }), 2, /trial_id 7 refers to a trial the journal never created/],
    ['a distribution that is not JSON', journal(createStudy(), trial({ distributions: { x: '{"name": "Float', c: CHOICE } })), 2, /param "x": distribution .* is not JSON/],
    ['an unknown distribution class', journal(createStudy(), trial({ distributions: { x: JSON.stringify({ name: 'BetaDistribution', attributes: {} }), c: CHOICE } })), 2, /param "x": unknown distribution class "BetaDistribution"/],
    ['a param outside its float range', journal(createStudy(), trial({ params: { x: 5, c: 0 } })), 2, /param "x": 5 is outside \[0, 1\]/],
    ['a categorical index outside its choices', journal(createStudy(), trial({ params: { x: 0.5, c: 2 } })), 2, /param "c": categorical index 2 is not in 0…1/],
    ['a param without a distribution', journal(createStudy(), trial({ params: { x: 0.5, c: 0, y: 1 } })), 2, /param "y" has no distribution/],
    ['a suggested param outside its distribution', journal(createStudy(), trial({ state: 0, params: {}, distributions: {} }), { op_code: 5, ...W, trial_id: 0, param_name: 'x', param_value_internal: -1, distribution: FLOAT }), 3, /param "x": -1 is outside/],
    ['NaN as a complete trial value', journal(createStudy(), JSON.stringify(trial()).replace('"value": 0.5', '"value": NaN').replace('"value":0.5', '"value":NaN')), 2, /a trial value is NaN/],
    ['NaN told as a value', journal(createStudy(), trial({ state: 0 }), '{"op_code": 6, "worker_id": "w", "trial_id": 0, "state": 1, "values": [NaN], "datetime_complete": "2024-05-01T12:00:02.000000"}'), 3, /a trial value is NaN/],
    ['a complete trial without a value', journal(createStudy(), trial({ value: null })), 2, /a COMPLETE trial needs a value/],
    ['a trial set complete without a value', journal(createStudy(), trial({ state: 0, value: null }), { op_code: 6, ...W, trial_id: 0, state: 1, values: null, datetime_complete: '2024-05-01T12:00:02' }), 3, /set COMPLETE without a value/],
    ['an unknown trial state', journal(createStudy(), trial({ state: 9 })), 2, /unknown trial state 9/],
    ['a bad datetime', journal(createStudy(), trial({ datetime_start: 'yesterday' })), 2, /"yesterday" is not a datetime/],
    ['an unknown direction', journal(createStudy('s', [3])), 1, /unknown study direction 3/],
    ['a param named __proto__', journal(createStudy(), JSON.stringify(trial()).replace('"distributions":{"x"', '"distributions":{"__proto__"')), 2, /the param name "__proto__" is not supported/],
    ['an attr named __proto__', journal(createStudy(), '{"op_code": 2, "worker_id": "w", "study_id": 0, "user_attr": {"__proto__": {"a": 1}}}'), 2, /the attr key "__proto__" is not supported/],
    ['an attr record with two keys', journal(createStudy(), { op_code: 2, ...W, study_id: 0, user_attr: { a: 1, b: 2 } }), 2, /must hold exactly one key, got 2/],
  ];
  it.each(cases)('%s', (_what, text, line, problem) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.problem).toMatch(problem);
    expect(error.message).toBe(line === null ? `Optuna journal: ${error.problem}` : `Optuna journal line ${line}: ${error.problem}`);
  });

  it('a file over the size limit, before reading a line of it', () => {
    const huge = journal(createStudy()) + ' '.repeat(OPTUNA_JOURNAL_MAX_BYTES);
    const error = refusal(huge, listOptunaStudies);
    expect(error.line).toBeNull();
    expect(error.problem).toMatch(/over the 20\.0 MiB limit/);
  });

  it('more studies than one: the caller picks one by name', () => {
    const text = journal(createStudy('first'), createStudy('second'), trial({ study_id: 1 }));
    expect(listOptunaStudies(text).map((s) => s.name)).toEqual(['first', 'second']);
    expect(refusal(text).problem).toBe('the journal holds 2 studies ("first", "second"); pick one by name');
    expect(studyFromOptunaJournal(text, { studyName: 'second' }).trials).toHaveLength(1);
    expect(refusal(text, (t) => studyFromOptunaJournal(t, { studyName: 'third' })).problem).toMatch(/no study named "third"; the journal holds "first", "second"/);
  });

  it('a multi-objective study', () => {
    const error = refusal(journal(createStudy('mo', [1, 2]), trial({ value: null, values: [0.1, 0.2] })));
    expect(error.line).toBe(1);
    expect(error.problem).toMatch(/study "mo" has 2 objectives; multi-objective studies are not supported yet/);
  });

  it('a space that changes between trials, naming the trial and param', () => {
    const wider = JSON.stringify({ name: 'FloatDistribution', attributes: { step: null, low: 0, high: 2, log: false } });
    const error = refusal(journal(createStudy(), trial(), trial({ distributions: { x: wider, c: CHOICE } })));
    expect(error.line).toBe(3);
    expect(error.problem).toMatch(/^trial 1: param "x" has the distribution .*"high":2.*dynamic or conditional spaces/);
    const extra = refusal(journal(createStudy(), trial(), trial({ distributions: { x: FLOAT, c: CHOICE, y: FLOAT }, params: { x: 0.1, c: 0, y: 0.2 } })));
    expect(extra.problem).toMatch(/^trial 1: param "y" is not in the space of the other trials/);
    const missing = refusal(journal(createStudy(), trial(), trial({ distributions: { x: FLOAT }, params: { x: 0.1 } })));
    expect(missing.problem).toMatch(/^trial 1: param "c" is missing/);
  });

  it('a study with no params anywhere', () => {
    expect(refusal(journal(createStudy(), trial({ state: 3, value: null, distributions: {}, params: {} }))).problem).toMatch(/no trial has params, so its search space is unknown/);
  });

  it('constraint values that are not a list of numbers', () => {
    const error = refusal(journal(createStudy(), trial({ system_attrs: { constraints: [0.1] } }), trial({ system_attrs: { constraints: ['x'] } })));
    expect(error.line).toBe(3);
    expect(error.problem).toMatch(/trial 1: constraint value "x" is not a finite number/);
  });
});

describe('odd but legal journals replay as Optuna replays them', () => {
  it("reads Python's NaN and Infinity words outside strings, and leaves them inside strings", () => {
    const line = JSON.stringify(trial({ user_attrs: { note: 'NaN and -Infinity stay text' } })).replace('"intermediate_values":{}', '"intermediate_values":{"1": NaN, "2": -Infinity, "3": 0.5}');
    const study = studyFromOptunaJournal(journal(createStudy(), line));
    expect(study.trials[0]?.intermediate.map((e) => e.value)).toEqual([null, null, 0.5]);
    const read = readOptunaJournal(journal(createStudy(), line)).studies[0]?.trials[0];
    expect(read?.userAttrs.note).toBe('NaN and -Infinity stay text');
    expect(read?.intermediate.map((e) => e.value)).toEqual([Number.NaN, -Infinity, 0.5]);
  });

  it('reads a file that starts with a byte-order mark or has CRLF line ends', () => {
    const text = `\uFEFF${journal(createStudy(), trial())}`.replace(/\n/g, '\r\n');
    expect(studyFromOptunaJournal(text).trials).toHaveLength(1);
  });

  it('adds a complete trial with an infinite value as failed, as a tell of ±∞ does', () => {
    const study = studyFromOptunaJournal(journal(createStudy(), JSON.stringify(trial()).replace('"value":0.5', '"value":Infinity')));
    expect(study.trials[0]).toMatchObject({ state: 'failed', value: null, reason: 'objective value was Infinity in Optuna' });
  });

  it('ignores a second study of the same name, updates to finished trials, records of deleted studies, and incompatible params', () => {
    const text = journal(
      createStudy('s'),
      createStudy('s'),
      trial(),
      { op_code: 6, ...W, trial_id: 0, state: 3, values: null, datetime_complete: '2024-05-01T12:00:09' },
      { op_code: 7, ...W, trial_id: 0, step: 1, intermediate_value: 9 },
      trial({ state: 0, params: {}, distributions: {}, datetime_complete: undefined, value: null }),
      { op_code: 5, ...W, trial_id: 1, param_name: 'x', param_value_internal: 0, distribution: CHOICE },
      { op_code: 5, ...W, trial_id: 1, param_name: 'x', param_value_internal: 0.75, distribution: FLOAT },
      { op_code: 5, ...W, trial_id: 1, param_name: 'c', param_value_internal: 0, distribution: CHOICE },
      { op_code: 7, ...W, trial_id: 1, step: 2, intermediate_value: 0.4 },
      { op_code: 6, ...W, trial_id: 1, state: 2, values: null, datetime_complete: '2024-05-01T12:00:05.250000' },
      createStudy('gone'),
      { op_code: 1, ...W, study_id: 1 },
      trial({ study_id: 1 }),
      { op_code: 2, ...W, study_id: 1, user_attr: { a: 1 } },
    );
    expect(listOptunaStudies(text)).toEqual([{ name: 's', trials: 2, directions: ['minimize'] }]);
    const { study, skipped } = importOptunaJournal(text, { clock: () => 0 });
    expect(skipped).toEqual([]);
    expect(study.trials.map((t) => [t.state, t.value, t.params, t.intermediate])).toEqual([
      ['complete', 0.5, { x: 0.25, c: 'b' }, []],
      ['pruned', null, { x: 0.75, c: 'a' }, [{ step: 2, value: 0.4 }]],
    ]);
    expect(study.trials[0]?.startedAt).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(study.trials[0]?.endedAt).toBe(Date.UTC(2024, 4, 1, 12, 0, 1, 500));
    expect(study.trials[1]?.endedAt).toBe(Date.UTC(2024, 4, 1, 12, 0, 5, 250));
  });
});
