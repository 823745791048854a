/**
 * The search space of an Optuna study being imported: the distributions its trials recorded, which
 * must be the same for every trial (the engine's space is fixed; Optuna's may change between
 * trials, and such a dynamic or conditional space is refused naming the trial and param). A
 * journal our export wrote also carries the space as the `search_space` study attr, which then
 * gives the space (and its order) even for a study with no trial yet.
 */
import type { ParamDef, SearchSpace } from '../space/types';
import { validateSpace } from '../space/validate';
import { fromOptunaDistribution } from './distribution';
import { OptunaJournalError } from './journal-lines';
import { EXPORT_STUDY_ATTR } from './journal-ops';
import type { OptunaStudyRecord, OptunaTrialRecord } from './journal-fields';

/** The study's space; throws `OptunaJournalError` when the trials disagree on it or none gives it. */
export function importSpace(record: OptunaStudyRecord): SearchSpace {
  const withParams = record.trials.filter((t) => t.state !== 'WAITING' && Object.keys(t.params).length > 0);
  const declared = declaredSpace(record);
  const reference =
    withParams.find((t) => t.state === 'COMPLETE' || t.state === 'PRUNED') ??
    withParams.reduce<OptunaTrialRecord | undefined>((most, t) => (most === undefined || Object.keys(t.params).length > Object.keys(most.params).length ? t : most), undefined);
  const raw = declared ?? (reference === undefined ? null : { ...reference.distributions });
  if (raw === null) throw new OptunaJournalError(record.line, `study "${record.name}": no trial has params, so its search space is unknown`);
  let space: SearchSpace;
  try {
    space = validateSpace(raw);
  } catch (e) {
    throw new OptunaJournalError(reference?.line ?? record.line, (e as Error).message);
  }
  for (const trial of withParams) {
    for (const [name, def] of Object.entries(trial.distributions)) {
      const expected = space[name];
      if (expected === undefined || !sameDef(expected, def)) {
        const what = expected === undefined ? `param "${name}" is not in the space of the other trials` : `param "${name}" has the distribution ${JSON.stringify(def)}, where the other trials have ${JSON.stringify(expected)}`;
        throw new OptunaJournalError(trial.line, `trial ${trial.number}: ${what}; studies whose space changes between trials (dynamic or conditional spaces) cannot be imported`);
      }
    }
  }
  return space;
}

/** The space our export recorded as a study attr, or null when the study has none. */
function declaredSpace(record: OptunaStudyRecord): Record<string, ParamDef> | null {
  const attr = record.userAttrs[EXPORT_STUDY_ATTR.SEARCH_SPACE];
  if (attr === undefined) return null;
  if (attr === null || typeof attr !== 'object' || Array.isArray(attr)) {
    throw new OptunaJournalError(record.line, `study "${record.name}": the "${EXPORT_STUDY_ATTR.SEARCH_SPACE}" study attr must map param names to distributions`);
  }
  const space: Record<string, ParamDef> = {};
  for (const [name, json] of Object.entries(attr)) {
    try {
      space[name] = fromOptunaDistribution(json);
    } catch (e) {
      throw new OptunaJournalError(record.line, `study "${record.name}": the "${EXPORT_STUDY_ATTR.SEARCH_SPACE}" study attr: param "${name}": ${(e as Error).message}`);
    }
  }
  return space;
}

function sameDef(a: ParamDef, b: ParamDef): boolean {
  switch (a.type) {
    case 'float':
      return b.type === 'float' && a.low === b.low && a.high === b.high && (a.log === true) === (b.log === true);
    case 'int':
      return b.type === 'int' && a.low === b.low && a.high === b.high && (a.log === true) === (b.log === true) && (a.step ?? 1) === (b.step ?? 1);
    case 'categorical':
      return b.type === 'categorical' && a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
    default: {
      const unreachable: never = a;
      return unreachable;
    }
  }
}
