/**
 * Opening a study Optuna made: its journal replayed (journal-read.ts) and turned into an engine
 * study, trial by trial, with the engine's own verbs — `study.addTrial` for every finished trial
 * (Optuna's add_trial) and `study.enqueue` for a WAITING one (Optuna's enqueue_trial) — so the
 * sampler learns from the imported history as from its own, and the study goes on with ask/tell.
 *
 *   listOptunaStudies(text)                        // [{ name, trials, directions }], to pick one
 *   studyFromOptunaJournal(text, { studyName })    // a Study, ready to ask
 *
 * The search space is the trials' distributions, the same for every trial (a space that changes
 * between trials, dynamic or conditional, is refused naming the trial and param); a journal our
 * own export wrote also carries it as the `search_space` study attr. COMPLETE, PRUNED and FAIL
 * trials keep their state, value, intermediate values, times and constraint values (Optuna's
 * `constraints` system attr, named by our export's `constraint_names`, else constraint_0, …; and
 * Optuna ≥ 5.0's one `constraints:<name>` system attr per constraint, by its name);
 * numeric user attrs become the last step's metrics; a RUNNING trial is added as failed. A trial
 * that failed before all its params were suggested cannot be added and is listed in `skipped`.
 * Single-objective only: a multi-objective study is refused.
 */
import type { Params, SearchSpace } from '../space/types';
import { createSampler, isSamplerName } from '../samplers/registry';
import type { Sampler, SamplerName } from '../samplers/types';
import type { Clock, Study } from '../study/study';
import { createStudy } from '../study/create';
import type { FinishedTrialInit } from '../study/add-trial';
import type { Direction } from '../trial/trial';
import { EXPORT_STUDY_ATTR, EXPORT_TRIAL_ATTR, OPTUNA_CONSTRAINTS_KEY, OPTUNA_FIXED_PARAMS_KEY, OPTUNA_NAMED_CONSTRAINT_PREFIX, type JournalAttrs } from './journal-ops';
import { OptunaJournalError, readOptunaJournal, type OptunaStudyRecord, type OptunaTrialRecord } from './journal-read';
import { quote } from './journal-fields';
import { importSpace } from './import-space';
import { optunaSamplerOf, type OptunaSamplerHint } from './sampler-of-study';

/** A study a journal holds, as `listOptunaStudies` lists it. */
export interface OptunaStudyListing {
  readonly name: string;
  /** Its trials, of every state (WAITING ones too). */
  readonly trials: number;
  /** One per objective: a multi-objective study has several (and cannot be imported yet). */
  readonly directions: readonly Direction[];
}

/** Options of `studyFromOptunaJournal`. */
export interface OptunaImportOptions {
  /** The study to import; required when the journal holds several. */
  readonly studyName?: string;
  /** The sampler that continues it. Default: the one our export recorded, else 'gp'. */
  readonly sampler?: SamplerName | Sampler;
  /** Options for a sampler given by name. */
  readonly samplerOptions?: Record<string, unknown>;
  /** Default: the seed our export recorded, else 0. */
  readonly seed?: number;
  /** The new study's clock (and the end time of trials that have none). Default Date.now. */
  readonly clock?: Clock;
}

/** An imported study, and the Optuna trials it could not take (by Optuna trial number). */
export interface OptunaImport {
  readonly study: Study;
  readonly skipped: readonly { readonly number: number; readonly reason: string }[];
  /** The journal's unfinished last line (a write in progress), left out as Optuna leaves it out; else null. */
  readonly unfinishedLastLine: number | null;
  /** The sampler that made the study, when the journal shows it (sampler-of-study.ts). */
  readonly madeBy: OptunaSamplerHint | null;
  /** The study's user attrs as the journal left them (Optuna's `study.user_attrs`; our export's own included). */
  readonly studyUserAttrs: JournalAttrs;
}

/** The reason a RUNNING Optuna trial is added as failed with. */
export const RUNNING_IN_OPTUNA_REASON = 'running in Optuna when exported';

/** The studies a journal holds, in order of creation; throws `OptunaJournalError` for a bad file. */
export function listOptunaStudies(text: string): OptunaStudyListing[] {
  return readOptunaJournal(text).studies.map((s) => ({ name: s.name, trials: s.trials.length, directions: s.directions.slice() }));
}

/** The journal's study (`studyName`, or its only one) as an engine study; throws `OptunaJournalError`. */
export function studyFromOptunaJournal(text: string, options: OptunaImportOptions = {}): Study {
  return importOptunaJournal(text, options).study;
}

/** `studyFromOptunaJournal`, with the trials that were skipped and why. */
export function importOptunaJournal(text: string, options: OptunaImportOptions = {}): OptunaImport {
  const contents = readOptunaJournal(text);
  const record = pickStudy(contents.studies, options.studyName);
  if (record.directions.length !== 1) {
    throw new OptunaJournalError(record.line, `study "${record.name}" has ${record.directions.length} objectives; multi-objective studies are not supported yet`);
  }
  const space = importSpace(record);
  const constraints = constraintNames(record);
  const clock = options.clock ?? Date.now;
  const study = createStudy({
    space,
    direction: record.directions[0] as Direction,
    name: record.name,
    seed: options.seed ?? exportedSeed(record) ?? 0,
    sampler: options.sampler ?? exportedSampler(record) ?? 'gp',
    ...(options.samplerOptions === undefined ? {} : { samplerOptions: options.samplerOptions }),
    constraints: constraints.all,
    clock,
  });
  const skipped: { number: number; reason: string }[] = [];
  for (const trial of record.trials) {
    const why = addOptunaTrial(study, trial, space, constraints, clock);
    if (why !== null) skipped.push({ number: trial.number, reason: why });
  }
  return { study, skipped, unfinishedLastLine: contents.unfinishedLastLine, madeBy: optunaSamplerOf(record), studyUserAttrs: { ...record.userAttrs } };
}

function pickStudy(studies: readonly OptunaStudyRecord[], name: string | undefined): OptunaStudyRecord {
  const names = studies.map((s) => JSON.stringify(s.name)).join(', ');
  if (name !== undefined) {
    const found = studies.find((s) => s.name === name);
    if (found === undefined) throw new OptunaJournalError(null, `no study named ${JSON.stringify(name)}; the journal holds ${studies.length === 0 ? 'none' : names}`);
    return found;
  }
  if (studies.length === 0) throw new OptunaJournalError(null, 'the journal holds no study (none was created, or every one was deleted)');
  if (studies.length > 1) throw new OptunaJournalError(null, `the journal holds ${studies.length} studies (${names}); pick one by name`);
  return studies[0] as OptunaStudyRecord;
}

/** Adds one Optuna trial (or enqueues a WAITING one); returns why it was skipped, or null. */
function addOptunaTrial(study: Study, trial: OptunaTrialRecord, space: SearchSpace, constraints: ConstraintNames, clock: Clock): string | null {
  const refuse = (problem: string): never => {
    throw new OptunaJournalError(trial.line, `trial ${trial.number}: ${problem}`);
  };
  if (trial.state === 'WAITING') {
    const fixed = trial.systemAttrs[OPTUNA_FIXED_PARAMS_KEY];
    const params = Object.keys(trial.params).length > 0 ? trial.params : fixed;
    try {
      study.enqueue(params as Params);
      return null;
    } catch (e) {
      return `a WAITING (enqueued) trial whose params do not fit the space: ${(e as Error).message}`;
    }
  }
  const missing = Object.keys(space).filter((name) => !Object.hasOwn(trial.params, name));
  if (missing.length > 0) {
    if (trial.state === 'FAIL' || trial.state === 'RUNNING') return `it ${trial.state === 'FAIL' ? 'failed' : 'was running'} before ${missing.map((m) => `"${m}"`).join(', ')} ${missing.length === 1 ? 'was' : 'were'} suggested`;
    return refuse(`param "${missing[0]}" is missing; studies whose space changes between trials (dynamic or conditional spaces) cannot be imported`);
  }
  const init = trialInit(trial, constraints, clock, refuse);
  try {
    study.addTrial(init);
  } catch (e) {
    refuse((e as Error).message.replace(/^addTrial: /, ''));
  }
  return null;
}

function trialInit(trial: OptunaTrialRecord, constraints: ConstraintNames, clock: Clock, refuse: (problem: string) => never): FinishedTrialInit {
  const startedAt = trial.datetimeStart ?? trial.datetimeComplete ?? clock();
  const endedAt = Math.max(startedAt, trial.datetimeComplete ?? clock());
  const attrs = trial.userAttrs;
  const given = attrs[EXPORT_TRIAL_ATTR.REASON] ?? trial.systemAttrs.fail_reason ?? attrs[EXPORT_TRIAL_ATTR.NOTE];
  const reason = typeof given === 'string' ? given : null;
  const computeMs = attrs[EXPORT_TRIAL_ATTR.COMPUTE_MS];
  const base = {
    params: trial.params,
    intermediate: withMetrics(trial),
    startedAt,
    endedAt,
    ...(typeof computeMs === 'number' && Number.isFinite(computeMs) && computeMs >= 0 ? { computeMs } : {}),
    ...constraintValues(trial, constraints, refuse),
  };
  switch (trial.state) {
    case 'COMPLETE': {
      const value = (trial.values as number[])[0] as number;
      if (Number.isFinite(value)) return { ...base, state: 'complete', value, reason };
      return { ...base, state: 'failed', reason: `objective value was ${value} in Optuna` };
    }
    case 'PRUNED':
      return { ...base, state: 'pruned', reason };
    case 'FAIL':
      return { ...base, state: 'failed', reason };
    case 'RUNNING':
      return { ...base, state: 'failed', reason: RUNNING_IN_OPTUNA_REASON };
    case 'WAITING':
      return refuse('a WAITING trial is enqueued, not added');
    default: {
      const unreachable: never = trial.state;
      return unreachable;
    }
  }
}

/** The intermediate values, with the trial's numeric user attrs (its metrics) at the last step. */
function withMetrics(trial: OptunaTrialRecord): FinishedTrialInit['intermediate'] {
  const reserved = new Set<string>(Object.values(EXPORT_TRIAL_ATTR));
  const metrics = Object.fromEntries(Object.entries(trial.userAttrs).filter(([name, v]) => !reserved.has(name) && typeof v === 'number' && Number.isFinite(v))) as Record<string, number>;
  const last = trial.intermediate.length - 1;
  return trial.intermediate.map((e, i) => (i === last && Object.keys(metrics).length > 0 ? { step: e.step, value: e.value, metrics } : { step: e.step, value: e.value }));
}

/** A study's constraint names: those behind the list-form `constraints` attr, and Optuna ≥ 5.0's named ones. */
interface ConstraintNames {
  /** Names of the list's values, in order (our export's `constraint_names`, else constraint_0, …). */
  readonly listed: readonly string[];
  /** Names of `constraints:<name>` attrs not among `listed`, in order of first appearance. */
  readonly named: readonly string[];
  readonly all: readonly string[];
}

function constraintValues(trial: OptunaTrialRecord, names: ConstraintNames, refuse: (problem: string) => never): { constraints?: Record<string, number> } {
  const out: Record<string, number> = {};
  const raw = trial.systemAttrs[OPTUNA_CONSTRAINTS_KEY];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw) || raw.length !== names.listed.length) return refuse(`the "constraints" system attr must be a list of ${names.listed.length} numbers, got ${quote(raw)}`);
    raw.forEach((c, i) => {
      if (typeof c !== 'number' || !Number.isFinite(c)) refuse(`constraint value ${quote(c)} is not a finite number`);
      out[names.listed[i] as string] = c as number;
    });
  }
  for (const name of names.all) {
    const c = trial.systemAttrs[`${OPTUNA_NAMED_CONSTRAINT_PREFIX}${name}`];
    if (c === undefined || c === null) continue;
    if (typeof c !== 'number' || !Number.isFinite(c)) refuse(`constraint "${name}" (the "${OPTUNA_NAMED_CONSTRAINT_PREFIX}${name}" system attr) is ${quote(c)}, not a finite number`);
    out[name] = c as number;
  }
  if (Object.keys(out).length > 0) return { constraints: out };
  if (trial.state !== 'COMPLETE' || names.all.length === 0) return {};
  return refuse(
    `it has no constraint values (the "${OPTUNA_CONSTRAINTS_KEY}" or "${OPTUNA_NAMED_CONSTRAINT_PREFIX}<name>" system attrs) while other trials have ${names.all.join(', ')}; Optuna records them when the sampler has a constraints_func, or with trial.set_constraint`,
  );
}

/**
 * The study's constraint names: for the list-form `constraints` attr, our export's study attr,
 * else constraint_0, … as many as the trials hold; then the names of Optuna ≥ 5.0's
 * `constraints:<name>` attrs.
 */
function constraintNames(record: OptunaStudyRecord): ConstraintNames {
  const given = record.userAttrs[EXPORT_STUDY_ATTR.CONSTRAINT_NAMES];
  const count = Math.max(0, ...record.trials.map((t) => (Array.isArray(t.systemAttrs[OPTUNA_CONSTRAINTS_KEY]) ? (t.systemAttrs[OPTUNA_CONSTRAINTS_KEY] as unknown[]).length : 0)));
  const listed =
    Array.isArray(given) && given.every((n) => typeof n === 'string' && n !== '') && new Set(given).size === given.length && given.length >= count
      ? (given as string[])
      : Array.from({ length: count }, (_, i) => `constraint_${i}`);
  const named = new Set<string>();
  for (const trial of record.trials) {
    for (const key of Object.keys(trial.systemAttrs)) {
      const name = key.slice(OPTUNA_NAMED_CONSTRAINT_PREFIX.length);
      if (key.startsWith(OPTUNA_NAMED_CONSTRAINT_PREFIX) && name !== '' && !listed.includes(name)) named.add(name);
    }
  }
  return { listed, named: [...named], all: [...listed, ...named] };
}

function exportedSeed(record: OptunaStudyRecord): number | undefined {
  const seed = record.userAttrs[EXPORT_STUDY_ATTR.SEED];
  return typeof seed === 'number' && Number.isSafeInteger(seed) ? seed : undefined;
}

/** The built-in sampler our export recorded, when it still builds; undefined otherwise. */
function exportedSampler(record: OptunaStudyRecord): Sampler | undefined {
  const attr = record.userAttrs[EXPORT_STUDY_ATTR.SAMPLER];
  if (attr === null || typeof attr !== 'object' || Array.isArray(attr)) return undefined;
  const { name, options } = attr as { name?: unknown; options?: unknown };
  if (typeof name !== 'string' || !isSamplerName(name)) return undefined;
  try {
    return createSampler(name, options !== null && typeof options === 'object' && !Array.isArray(options) ? (options as Record<string, unknown>) : {});
  } catch {
    return undefined;
  }
}
