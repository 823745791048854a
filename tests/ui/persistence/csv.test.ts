import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createStudy } from '../../../src/tuner';
import { csvBlob, downloadBlob, trialsToCsv, type DownloadDom } from '../../../src/ui/persistence';
import { csvCell } from '../../../src/ui/persistence/csv';
import { busyStudy } from './fixtures';

/** Reads RFC 4180 text (CRLF rows) into rows of cells, with papaparse (the page's table reader). */
function readCsv(text: string): string[][] {
  return Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true }).data;
}

describe('trialsToCsv', () => {
  it('has one row per trial and the columns of Optuna\'s trials_dataframe(), params sorted by name', () => {
    const study = busyStudy();
    const rows = readCsv(trialsToCsv(study));
    expect(rows[0]).toEqual(['number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_x1', 'params_x2', 'user_attrs_reason', 'state']);
    expect(rows).toHaveLength(1 + study.trials.length);
    const sorted = createStudy({ space: { b: { type: 'int', low: 0, high: 3 }, Z: { type: 'float', low: 0, high: 1 }, a: { type: 'categorical', choices: ['x'] } }, seed: 1 });
    sorted.tell(sorted.ask().id, 1);
    expect(readCsv(trialsToCsv(sorted))[0]?.slice(5, 8)).toEqual(['params_Z', 'params_a', 'params_b']);
  });

  it('writes values as Python floats, times as naive UTC with milliseconds, durations as pandas Timedeltas, Optuna\'s state names', () => {
    const study = busyStudy();
    const rows = readCsv(trialsToCsv(study.toJSON()));
    const t0 = study.trials[0];
    if (t0 === undefined) throw new Error('fixture changed');
    expect(rows[1]).toEqual(['0', '3.0', '2023-11-14 22:13:20.000', '2023-11-14 22:13:21.500', '0 days 00:00:01.500000', String(t0.params.x1), String(t0.params.x2), '', 'COMPLETE']);
    expect(Number(rows[1]?.[5])).toBe(t0.params.x1);
    expect(rows[2]?.slice(0, 2)).toEqual(['1', '']);
    expect(rows[2]?.slice(7)).toEqual(['out of memory', 'FAIL']);
    expect(rows[4]?.slice(7)).toEqual(['below median', 'PRUNED']);
    expect(rows[5]?.slice(1, 5)).toEqual(['', '2023-11-14 22:13:21.000', '', '']);
    expect(rows[5]?.[8]).toBe('RUNNING');
  });

  it('puts each metric of the last reported step, and the compute time, in user_attrs_* columns', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, direction: 'maximize', seed: 1 });
    const a = study.ask();
    study.report(a.id, 1, 0.5, { valAccuracy: 0.5, valMacroF1: 0.4 });
    study.report(a.id, 2, 0.75, { valAccuracy: 0.75, valMacroF1: 0.6 });
    study.tell(a.id, 0.75, { computeMs: 1200 });
    const b = study.ask();
    study.tell(b.id, 0.1);
    const rows = readCsv(trialsToCsv(study));
    const header = rows[0] as string[];
    expect(header.filter((c) => c.startsWith('user_attrs_'))).toEqual(['user_attrs_compute_ms', 'user_attrs_valAccuracy', 'user_attrs_valMacroF1']);
    const cell = (row: number, column: string) => rows[row]?.[header.indexOf(column)];
    // A missing value makes pandas read the column as floats: 1200 prints as 1200.0.
    expect([cell(1, 'user_attrs_compute_ms'), cell(1, 'user_attrs_valAccuracy'), cell(1, 'user_attrs_valMacroF1')]).toEqual(['1200.0', '0.75', '0.6']);
    expect([cell(2, 'user_attrs_valAccuracy'), cell(2, 'user_attrs_valMacroF1')]).toEqual(['', '']);
  });

  it('writes constraint values as the constraints system attr, a Python list in the study\'s constraint order', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, constraints: ['size', 'latency'], seed: 1 });
    study.tell(study.ask().id, 1, { constraints: { latency: -2, size: 0.5 } });
    study.tell(study.ask().id, { state: 'failed', reason: 'nan loss' });
    const rows = readCsv(trialsToCsv(study));
    const column = (rows[0] as string[]).indexOf('system_attrs_constraints');
    // The journal export writes constraint values as floats, so Optuna lists -2 as -2.0.
    expect(rows.slice(1).map((r) => r[column])).toEqual(['[0.5, -2.0]', '']);
  });

  it('gives a pruned trial the value Optuna records for it: its last finite intermediate value', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, seed: 1 });
    const a = study.ask();
    study.report(a.id, 0, 4);
    study.report(a.id, 1, 2.5);
    study.tell(a.id, { state: 'pruned', reason: 'below median' });
    expect(readCsv(trialsToCsv(study))[1]?.slice(0, 2)).toEqual(['0', '2.5']);
  });

  it('writes only the header for a study without trials', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, seed: 1 });
    expect(trialsToCsv(study)).toBe('number,value,datetime_start,datetime_complete,duration,params_x,state\r\n');
  });

  it('gives the same text for a Study and its StudyJSON', () => {
    const study = busyStudy();
    expect(trialsToCsv(study)).toBe(trialsToCsv(study.toJSON()));
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and ends every line with CRLF', () => {
    const space = { 'my,param': { type: 'categorical', choices: ['a "quoted" choice', 'two\nlines', 'plain'] } } as const;
    const study = createStudy({ space, sampler: 'random', clock: () => 0 });
    const a = study.ask({ 'my,param': 'a "quoted" choice' });
    study.tell(a.id, { state: 'failed', reason: 'bad, really\r\nbad' });
    study.ask({ 'my,param': 'two\nlines' });
    const csv = trialsToCsv(study);
    expect(csv).toContain('"params_my,param"');
    expect(csv).toContain('"a ""quoted"" choice"');
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = readCsv(csv);
    expect(rows.map((r) => r.length)).toEqual([8, 8, 8]);
    expect(rows[1]?.[5]).toBe('a "quoted" choice');
    expect(rows[1]?.[6]).toBe('bad, really\r\nbad');
    expect(rows[2]?.[5]).toBe('two\nlines');
    // Every time is midnight (clock 0): pandas then prints dates only.
    expect(rows[1]?.slice(2, 5)).toEqual(['1970-01-01', '1970-01-01', '0 days']);
  });

  it('neutralises text that a spreadsheet would run as a formula, but not numbers', () => {
    const space = { f: { type: 'categorical', choices: ['=1+1', '+cmd', '-x', '@SUM(A1)', 'ok', -3] } } as const;
    const study = createStudy({ space, sampler: 'random', clock: () => 0 });
    for (const choice of space.f.choices) study.tell(study.ask({ f: choice }).id, -0.5);
    const rows = readCsv(trialsToCsv(study));
    expect(rows.slice(1).map((r) => r[5])).toEqual(["'=1+1", "'+cmd", "'-x", "'@SUM(A1)", 'ok', '-3']);
    expect(rows[1]?.[1]).toBe('-0.5');
    expect(csvCell({ kind: 'text', text: '\t=cmd' })).toBe("'\t=cmd");
    expect(csvCell({ kind: 'text', text: '=HYPERLINK("x")' })).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell({ kind: 'literal', text: '-1 days +23:59:58.500000' })).toBe('-1 days +23:59:58.500000');
    expect(csvCell({ kind: 'literal', text: '[0.5, -1.0]' })).toBe('"[0.5, -1.0]"');
    expect(csvCell(null)).toBe('');
  });

  it('writes float values so they read back exactly', () => {
    const values = [0.1 + 0.2, 1e-7, 123456789.123456789, -2.5e300, 5e-324];
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, seed: 2 });
    for (const v of values) study.tell(study.ask().id, v);
    const rows = readCsv(trialsToCsv(study));
    expect(rows.slice(1).map((r) => r[1])).toEqual(['0.30000000000000004', '1e-07', '123456789.12345679', '-2.5e+300', '5e-324']);
    expect(rows.slice(1).map((r) => Number(r[1]))).toEqual(values);
  });

  it('csvBlob is UTF-8 CSV with a byte-order mark', async () => {
    const blob = csvBlob('a,b\r\n');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    expect([...new Uint8Array(await blob.arrayBuffer())].slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('downloadBlob', () => {
  it('does nothing and says so where there is no DOM (Node)', () => {
    expect(downloadBlob(new Blob(['x']), 'a.csv')).toBe(false);
  });

  it('clicks a download link to an object URL, then revokes the URL later', () => {
    const calls: string[] = [];
    let later: (() => void) | null = null;
    const dom: DownloadDom = {
      createObjectURL: () => 'blob:1',
      revokeObjectURL: (url) => calls.push(`revoke ${url}`),
      clickLink: (url, name) => calls.push(`click ${url} ${name}`),
      later: (callback) => {
        later = callback;
      },
    };
    expect(downloadBlob(new Blob(['x']), 'trials.csv', dom)).toBe(true);
    expect(calls).toEqual(['click blob:1 trials.csv']);
    (later as (() => void) | null)?.();
    expect(calls).toEqual(['click blob:1 trials.csv', 'revoke blob:1']);
  });
});
