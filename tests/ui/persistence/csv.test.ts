import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../src/tuner';
import { csvBlob, downloadBlob, trialsToCsv, type DownloadDom } from '../../../src/ui/persistence';
import { csvCell } from '../../../src/ui/persistence/csv';
import { busyStudy } from './fixtures';

/** Splits RFC 4180 text into rows of cells (enough of a reader to check the writer). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('trialsToCsv', () => {
  it('has one row per trial and the documented columns, parameters in space order', () => {
    const study = busyStudy();
    const rows = readCsv(trialsToCsv(study));
    expect(rows[0]).toEqual([
      'id',
      'state',
      'value',
      'params_x1',
      'params_x2',
      'epochs_reported',
      'last_intermediate',
      'started_at',
      'ended_at',
      'duration_ms',
      'reason',
    ]);
    expect(rows).toHaveLength(1 + study.trials.length);
  });

  it('writes values, params in full precision, epochs, times and reasons', () => {
    const study = busyStudy();
    const rows = readCsv(trialsToCsv(study.toJSON()));
    const t0 = study.trials[0];
    const t4 = study.trials[4];
    if (t0 === undefined || t4 === undefined || t0.endedAt === null) throw new Error('fixture changed');
    expect(rows[1]).toEqual([
      '0',
      'complete',
      '3',
      String(t0.params.x1),
      String(t0.params.x2),
      '2',
      '3',
      new Date(t0.startedAt).toISOString(),
      new Date(t0.endedAt).toISOString(),
      String(t0.endedAt - t0.startedAt),
      '',
    ]);
    expect(Number(rows[1]?.[3])).toBe(t0.params.x1);
    expect(rows[2]?.slice(0, 3)).toEqual(['1', 'failed', '']);
    expect(rows[2]?.[10]).toBe('out of memory');
    expect(rows[5]?.slice(5)).toEqual(['1', '9', new Date(t4.startedAt).toISOString(), '', '', '']);
  });

  it('adds a metric_<name> column per reported metric, holding its value at the trial\'s last epoch that reported it', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, direction: 'maximize', seed: 1 });
    const a = study.ask();
    study.report(a.id, 1, 0.5, { valAccuracy: 0.5, valMacroF1: 0.4 });
    study.report(a.id, 2, 0.75, { valAccuracy: 0.75 });
    study.tell(a.id, 0.75);
    const b = study.ask();
    study.tell(b.id, 0.1);
    const rows = readCsv(trialsToCsv(study));
    const header = rows[0] as string[];
    expect(header.slice(header.indexOf('last_intermediate') + 1, header.indexOf('started_at'))).toEqual(['metric_valAccuracy', 'metric_valMacroF1']);
    const cell = (row: number, column: string) => rows[row]?.[header.indexOf(column)];
    expect([cell(1, 'metric_valAccuracy'), cell(1, 'metric_valMacroF1')]).toEqual(['0.75', '0.4']);
    expect([cell(2, 'metric_valAccuracy'), cell(2, 'metric_valMacroF1')]).toEqual(['', '']);
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
    expect(rows.map((r) => r.length)).toEqual([10, 10, 10]);
    expect(rows[1]?.[3]).toBe('a "quoted" choice');
    expect(rows[1]?.[9]).toBe('bad, really\r\nbad');
    expect(rows[2]?.[3]).toBe('two\nlines');
  });

  it('neutralises text that a spreadsheet would run as a formula, but not negative numbers', () => {
    const space = { f: { type: 'categorical', choices: ['=1+1', '+cmd', '-x', '@SUM(A1)', 'ok', -3] } } as const;
    const study = createStudy({ space, sampler: 'random', clock: () => 0 });
    for (const choice of space.f.choices) study.tell(study.ask({ f: choice }).id, -0.5);
    const rows = readCsv(trialsToCsv(study));
    expect(rows.slice(1).map((r) => r[3])).toEqual(["'=1+1", "'+cmd", "'-x", "'@SUM(A1)", 'ok', '-3']);
    expect(rows[1]?.[2]).toBe('-0.5');
    expect(csvCell('\t=cmd')).toBe("'\t=cmd");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('writes numbers so they read back exactly', () => {
    for (const n of [0.1 + 0.2, 1e-7, 123456789.123456789, -2.5e300, 5e-324]) expect(Number(csvCell(n))).toBe(n);
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
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
