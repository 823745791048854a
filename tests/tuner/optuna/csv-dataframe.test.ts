import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { createStudy, type SearchSpace, type Study } from '../../../src/tuner';
import { studyToOptunaJournal } from '../../../src/tuner/optuna/journal-export';
import { trialsToCsv } from '../../../src/ui/persistence';
import { runPython, scratchFolder } from './optuna-python';

/** Loads the journal with Optuna and prints `trials_dataframe().to_csv(index=False)`, read back into rows, as JSON. */
const DATAFRAME_CSV = String.raw`
import csv, io, json, sys
import optuna
try:
    import pandas
except ImportError:
    sys.exit("Optuna's trials_dataframe() needs pandas (Debian/Ubuntu: apt-get install python3-pandas)")
from optuna.storages import JournalStorage
try:
    from optuna.storages import JournalFileStorage as FileBackend
except ImportError:
    from optuna.storages.journal import JournalFileBackend as FileBackend
optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.load_study(study_name=sys.argv[2], storage=JournalStorage(FileBackend(sys.argv[1])))
text = study.trials_dataframe().to_csv(index=False)
print(json.dumps(list(csv.reader(io.StringIO(text)))))
`;

const SPACE = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  momentum: { type: 'float', low: 0.5, high: 0.99 },
  units: { type: 'int', low: 8, high: 256, log: true },
  layers: { type: 'int', low: 1, high: 9, step: 2 },
  activation: { type: 'categorical', choices: ['relu', 'tanh', 'gelu, smooth', 'say "hi"'] },
  batch: { type: 'categorical', choices: [16, 32, 0.5] },
  batchNorm: { type: 'categorical', choices: [true, false] },
  Zeta: { type: 'categorical', choices: ['a', 7, false] },
} as const satisfies SearchSpace;

/** Reads RFC 4180 text (CRLF rows) into rows of cells, with papaparse (the page's table reader). */
function readCsv(text: string): string[][] {
  return Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: true }).data;
}

/** A clock that steps by `stepMs` from a fixed instant, so times carry milliseconds. */
function clock(start: number, stepMs: number): () => number {
  let t = start - stepMs;
  return () => (t += stepMs);
}

/** Every trial state but running, metrics, reasons, compute times and constraints, with every kind of param. */
function variedStudy(): Study {
  const study = createStudy({ name: 'csv check', space: SPACE, sampler: 'random', seed: 11, constraints: ['params', 'latency'], clock: clock(1_714_564_800_000, 1_250) });
  for (let i = 0; i < 12; i++) {
    const { id } = study.ask();
    study.report(id, 0, 2 - i / 10, { valAccuracy: 0.5 + i / 40, valLoss: 2 - i / 10 });
    if (i % 4 === 1) {
      study.report(id, 1, 1.5 - i / 10, { valAccuracy: 0.6 });
      study.tell(id, { state: 'pruned', reason: 'below median' });
    } else if (i % 4 === 3) study.tell(id, { state: 'failed', reason: 'out of memory, again' });
    else study.tell(id, i === 0 ? 3 : 1 / (i + 1), { computeMs: 400 + i, constraints: { params: i - 5, latency: -0.25 * i } });
  }
  return study;
}

async function optunaDataframeCsv(journal: string, studyName: string): Promise<string[][]> {
  const scratch = await scratchFolder();
  try {
    const file = join(scratch.dir, 'study.optuna.jsonl');
    await writeFile(file, journal);
    return JSON.parse(await runPython(DATAFRAME_CSV, [file, studyName], scratch.dir)) as string[][];
  } finally {
    await scratch.remove();
  }
}

describe('trials CSV beside Optuna', () => {
  it("matches trials_dataframe().to_csv() column for column on the same study, loaded by real Optuna from the journal export", async () => {
    const study = variedStudy();
    const ours = readCsv(trialsToCsv(study));
    const optuna = await optunaDataframeCsv(studyToOptunaJournal(study), 'csv check');
    expect(ours[0]).toEqual(optuna[0]);
    expect(ours[0]).toEqual(expect.arrayContaining(['params_Zeta', 'user_attrs_valAccuracy', 'user_attrs_reason', 'user_attrs_compute_ms', 'system_attrs_constraints']));
    const header = ours[0] as string[];
    for (const [i, column] of header.entries()) {
      expect({ column, cells: ours.slice(1).map((r) => r[i]) }).toEqual({ column, cells: optuna.slice(1).map((r) => r[i]) });
    }
    expect(ours).toHaveLength(1 + study.trials.length);
  });

  it('matches it for a study whose times are all whole seconds and whose trials all completed', async () => {
    const study = createStudy({ name: 'whole seconds', space: { x: { type: 'float', low: -1, high: 1 }, n: { type: 'int', low: 0, high: 3 } }, seed: 3, clock: clock(1_714_564_800_000, 2_000) });
    for (let i = 0; i < 4; i++) {
      const { id, params } = study.ask();
      study.tell(id, (params.x as number) ** 2 + 0.5);
    }
    const optuna = await optunaDataframeCsv(studyToOptunaJournal(study), 'whole seconds');
    expect(readCsv(trialsToCsv(study))).toEqual(optuna);
  });
});
