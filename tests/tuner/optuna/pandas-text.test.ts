import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pandasColumn, pandasDatetimeColumn, pandasDurationColumn, pythonFloatRepr, pythonStr, type PythonValue } from '../../../src/tuner/optuna/pandas-text';
import { runPython, scratchFolder } from './optuna-python';

/** Reads columns given as tagged JSON ([kind, value] or null) into Python values, writes them with pandas' to_csv, prints each column's cells. */
const PANDAS_COLUMNS = String.raw`
import csv, datetime, io, json, sys
try:
    import pandas as pd
except ImportError:
    sys.exit("these tests need pandas beside Optuna (Debian/Ubuntu: apt-get install python3-pandas)")

def py(v):
    if v is None: return None
    kind, value = v
    if kind == "int": return int(value)
    if kind == "float": return float(value)
    if kind == "list": return [py(x) for x in value]
    if kind == "dict": return {k: py(x) for k, x in value}
    if kind == "datetime": return datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=value)
    if kind == "timedelta": return datetime.timedelta(milliseconds=value)
    return value

columns = json.loads(open(sys.argv[1]).read())
out = []
for cells in columns:
    frame = pd.DataFrame([{"c": py(v), "pad": 0} for v in cells])
    rows = list(csv.reader(io.StringIO(frame.to_csv(index=False))))
    out.append([row[0] for row in rows[1:]])
print(json.dumps(out))
`;

type Tagged = null | [string, unknown];

function tag(v: PythonValue): Tagged {
  if (v === null) return null;
  switch (v.py) {
    case 'list':
      return ['list', v.items.map(tag)];
    case 'dict':
      return ['dict', v.entries.map(([k, x]) => [k, tag(x)])];
    case 'float':
      // JSON has no −0: send it as text for Python's float().
      return ['float', Object.is(v.value, -0) ? '-0.0' : v.value];
    default:
      return [v.py, v.value];
  }
}

const int = (value: number): PythonValue => ({ py: 'int', value });
const float = (value: number): PythonValue => ({ py: 'float', value });
const bool = (value: boolean): PythonValue => ({ py: 'bool', value });
const str = (value: string): PythonValue => ({ py: 'str', value });

const VALUE_COLUMNS: PythonValue[][] = [
  [int(1), int(-2), int(3)],
  [int(1), null, int(3)],
  [int(3), float(0.5)],
  [float(1e16), float(1e15), float(1e-5), float(1e-4), float(123456789.123456789), float(0.1 + 0.2), float(5e-324), float(-0), float(-2.5e300), float(1e22), float(7)],
  [bool(true), bool(false)],
  [bool(true), null],
  [str('a'), int(1), bool(true), float(0.5), null, str('-x')],
  [int(1), bool(true)],
  [null, null],
  [{ py: 'list', items: [float(0.5), float(-1)] }, { py: 'list', items: [int(1), int(2)] }, null, { py: 'list', items: [float(1e-7), str("it's"), str('a')] }],
  [{ py: 'dict', entries: [['k', float(1)], ['j', str('v')]] }, null],
];

const DATETIME_COLUMNS: (number | null)[][] = [
  [1_714_564_800_123, 1_714_564_801_000],
  [1_714_564_800_000, 1_714_564_801_000, null],
  [1_714_521_600_000, 1_714_608_000_000, null],
  [1_714_521_600_000, 1_714_608_000_001],
  [0, 86_400_000],
  [-1_000, 5],
  [null, null],
];

const DURATION_COLUMNS: (number | null)[][] = [
  [1234, 2000, null],
  [0, 0],
  [86_400_000, 172_800_000],
  [86_403_000, 5],
  [108_000_005],
  [0, 5],
  [-1500, -172_795_000],
  [null, null],
];

const text = (cells: ReturnType<typeof pandasColumn>) => cells.map((c) => (c === null ? '' : c.text));

describe('pandas text', () => {
  it('prints floats as Python repr does', () => {
    expect([1, 0.1 + 0.2, 1e16, 1e15, 1e-5, 1e-4, 5e-324, -0, 1e22, -2.5e300, 123.456].map(pythonFloatRepr)).toEqual([
      '1.0',
      '0.30000000000000004',
      '1e+16',
      '1000000000000000.0',
      '1e-05',
      '0.0001',
      '5e-324',
      '-0.0',
      '1e+22',
      '-2.5e+300',
      '123.456',
    ]);
    expect(pythonStr({ py: 'list', items: [str("it's"), str('a"b'), float(2)] })).toBe(`["it's", 'a"b', 2.0]`);
  });

  it('writes each column as real pandas to_csv writes it', async () => {
    const columns: Tagged[][] = [
      ...VALUE_COLUMNS.map((c) => c.map(tag)),
      ...DATETIME_COLUMNS.map((c) => c.map((ms): Tagged => (ms === null ? null : ['datetime', ms]))),
      ...DURATION_COLUMNS.map((c) => c.map((ms): Tagged => (ms === null ? null : ['timedelta', ms]))),
    ];
    const pandas = JSON.parse(await runPythonWithInput(columns)) as string[][];
    const ours = [...VALUE_COLUMNS.map((c) => text(pandasColumn(c))), ...DATETIME_COLUMNS.map((c) => text(pandasDatetimeColumn(c))), ...DURATION_COLUMNS.map((c) => text(pandasDurationColumn(c)))];
    expect(ours).toEqual(pandas);
  });

  it('marks Python strings as text (for formula neutralising) and everything else as pandas literals', () => {
    expect(pandasColumn([str('-x'), int(-3)]).map((c) => c?.kind)).toEqual(['text', 'literal']);
  });
});

async function runPythonWithInput(columns: unknown): Promise<string> {
  const scratch = await scratchFolder();
  try {
    const file = join(scratch.dir, 'columns.json');
    await writeFile(file, JSON.stringify(columns));
    return await runPython(PANDAS_COLUMNS, [file], scratch.dir);
  } finally {
    await scratch.remove();
  }
}
