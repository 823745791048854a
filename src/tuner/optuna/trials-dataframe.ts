/**
 * A study's trials in the layout of Optuna's `study.trials_dataframe()` (default attrs), cell for
 * cell as `trials_dataframe().to_csv(index=False)` writes them once the study is exported as an
 * Optuna journal and loaded by Optuna:
 *
 *   number, value, datetime_start, datetime_complete, duration, params_<name>…, user_attrs_<key>…,
 *   system_attrs_<key>…, state
 *
 * Within each group the columns are sorted by name (code-point order, as Python sorts strings), and
 * a user/system attr column exists only when some trial has that attr. Times are naive UTC (the
 * journal export writes UTC). `state` is Optuna's name: COMPLETE, PRUNED, FAIL, RUNNING (the export
 * writes a running trial as FAIL by default; here it stays RUNNING). A pruned trial's value is its
 * last finite intermediate value, as Optuna records it. The attrs are those the journal export
 * writes (journal-ops.ts `EXPORT_TRIAL_ATTR`): the metrics of the last step that reported any, the
 * reason and the told compute time as user attrs; the constraint values, in the study's constraint
 * order, as the `constraints` system attr. A test loads the exported journal in real Optuna and
 * compares its `trials_dataframe().to_csv()` with this, cell for cell.
 */
import type { SearchSpace } from '../space/types';
import type { Trial, TrialState } from '../trial/trial';
import { pandasColumn, pandasDatetimeColumn, pandasDurationColumn, pythonNumberFromJson, type DataframeCell, type PythonValue } from './pandas-text';
import { EXPORT_TRIAL_ATTR, exportedMetrics, OPTUNA_CONSTRAINTS_KEY } from './journal-ops';

type DataframeTrial = DataframeStudy['trials'][number];

/** What the layout needs of a study: a `Study` and a `StudyJSON` both fit. */
export interface DataframeStudy {
  readonly space: SearchSpace;
  /** Declared constraint names, in the order of the `constraints` system attr. */
  readonly constraints?: readonly string[];
  readonly trials: readonly Pick<Trial, 'id' | 'state' | 'value' | 'params' | 'intermediate' | 'startedAt' | 'endedAt' | 'reason' | 'constraints' | 'computeMs'>[];
}

/** Column names and one row of cells per trial. */
export interface TrialsDataframe {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly DataframeCell[])[];
}

/** The trials as Optuna's `trials_dataframe()` lays them out (see the top of this file). */
export function optunaTrialsDataframe(study: DataframeStudy): TrialsDataframe {
  const trials = study.trials;
  const paramNames = sortedByCodePoint(Object.keys(study.space));
  const attrs = trials.map((t) => exportedAttrs(t, study.constraints ?? constraintNamesOfTrials(trials)));
  const userKeys = sortedByCodePoint(unionOfKeys(attrs.map((a) => a.user_attrs)));
  const systemKeys = sortedByCodePoint(unionOfKeys(attrs.map((a) => a.system_attrs)));
  const groups: { name: string; cells: DataframeCell[] }[] = [
    { name: 'number', cells: pandasColumn(trials.map((t) => ({ py: 'int', value: t.id }))) },
    { name: 'value', cells: pandasColumn(trials.map(optunaValue)) },
    { name: 'datetime_start', cells: pandasDatetimeColumn(trials.map((t) => t.startedAt)) },
    { name: 'datetime_complete', cells: pandasDatetimeColumn(trials.map((t) => t.endedAt)) },
    { name: 'duration', cells: pandasDurationColumn(trials.map((t) => (t.endedAt === null ? null : Math.round(t.endedAt) - Math.round(t.startedAt)))) },
    ...paramNames.map((name) => ({ name: `params_${name}`, cells: pandasColumn(trials.map((t) => paramValue(study.space, name, t.params[name]))) })),
    ...userKeys.map((key) => ({ name: `user_attrs_${key}`, cells: pandasColumn(attrs.map((a) => a.user_attrs[key] ?? null)) })),
    ...systemKeys.map((key) => ({ name: `system_attrs_${key}`, cells: pandasColumn(attrs.map((a) => a.system_attrs[key] ?? null)) })),
    { name: 'state', cells: pandasColumn(trials.map((t) => ({ py: 'str', value: optunaStateName(t.state) }))) },
  ];
  return {
    columns: groups.map((g) => g.name),
    rows: trials.map((_, row) => groups.map((g) => g.cells[row] ?? null)),
  };
}

/** Optuna's name of a trial state, as the dataframe shows it. */
export function optunaStateName(state: TrialState): 'COMPLETE' | 'PRUNED' | 'FAIL' | 'RUNNING' {
  switch (state) {
    case 'complete':
      return 'COMPLETE';
    case 'pruned':
      return 'PRUNED';
    case 'failed':
      return 'FAIL';
    case 'running':
      return 'RUNNING';
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

/**
 * The user and system attrs the journal export writes for a trial, as Python reads them (a running
 * trial keeps its state here, so no note): metrics and constraint values are written as floats.
 */
function exportedAttrs(trial: DataframeTrial, constraintNames: readonly string[]): { user_attrs: Record<string, PythonValue>; system_attrs: Record<string, PythonValue> } {
  const user: Record<string, PythonValue> = Object.fromEntries(Object.entries(exportedMetrics(trial.intermediate)).map(([name, v]) => [name, float(v)]));
  if (trial.reason !== null) user[EXPORT_TRIAL_ATTR.REASON] = { py: 'str', value: trial.reason };
  if (trial.computeMs !== undefined) user[EXPORT_TRIAL_ATTR.COMPUTE_MS] = pythonNumberFromJson(trial.computeMs);
  const system: Record<string, PythonValue> = {};
  const told = trial.constraints;
  if (told !== undefined) system[OPTUNA_CONSTRAINTS_KEY] = { py: 'list', items: constraintNames.map((name) => (told[name] === undefined ? null : float(told[name]))) };
  return { user_attrs: user, system_attrs: system };
}

/** The trial's value as Optuna records it: a pruned trial's is its last finite intermediate value. */
function optunaValue(trial: DataframeTrial): PythonValue {
  if (trial.state === 'complete') return trial.value === null ? null : float(trial.value);
  if (trial.state !== 'pruned') return null;
  for (let i = trial.intermediate.length - 1; i >= 0; i--) {
    const value = trial.intermediate[i]?.value;
    if (value !== undefined && value !== null && Number.isFinite(value)) return float(value);
  }
  return null;
}

/** A float as Python reads it back from the journal, which writes floats as Python does (−0 as -0.0). */
function float(value: number): PythonValue {
  return { py: 'float', value };
}

/** A param as Optuna holds it: floats as floats, ints as ints, a categorical choice as its JSON reads in Python. */
function paramValue(space: SearchSpace, name: string, value: number | string | boolean | undefined): PythonValue {
  const def = space[name];
  if (value === undefined || def === undefined) return null;
  if (typeof value === 'string') return { py: 'str', value };
  if (typeof value === 'boolean') return { py: 'bool', value };
  switch (def.type) {
    case 'float':
      return float(value);
    case 'int':
      return { py: 'int', value };
    case 'categorical':
      return pythonNumberFromJson(value);
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

/** Constraint names in the order trials first told them (for studies saved before names were declared). */
function constraintNamesOfTrials(trials: DataframeStudy['trials']): string[] {
  return unionOfKeys(trials.map((t) => t.constraints ?? {}));
}

function unionOfKeys(records: readonly Readonly<Record<string, unknown>>[]): string[] {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  return [...keys];
}

/** Sorted as Python sorts str: by code point (JavaScript's default sort compares UTF-16 units). */
function sortedByCodePoint(names: readonly string[]): string[] {
  const points = (s: string) => Array.from(s, (c) => c.codePointAt(0) as number);
  return [...names].sort((a, b) => {
    const pa = points(a);
    const pb = points(b);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
    return pa.length - pb.length;
  });
}
