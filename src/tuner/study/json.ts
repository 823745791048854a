/**
 * Saving and restoring a study exactly: space, settings, sampler (with its state) and every trial.
 * `loadStudy` treats its input as untrusted: anything malformed is refused with a `StudyFormatError`
 * that names the path of the bad field, and nothing is created.
 */
import { validateParams, validateSpace } from '../space/validate';
import type { Params, SearchSpace } from '../space/types';
import { createSampler, isSamplerName } from '../samplers/registry';
import type { Sampler } from '../samplers/types';
import { EARLIER_STUDY_FORMATS, STUDY_FORMAT, STUDY_VERSION, StudyFormatError } from './format';
import { Study, type Clock, type MutableTrial } from './study';
import type { IntermediateValue, Metrics, TrialState } from '../trial/trial';
import { shortValue } from '../describe-value';

/** Options of `loadStudy`. */
export interface LoadOptions {
  /** Required when the study used a custom sampler object; overrides the stored built-in otherwise. */
  sampler?: Sampler;
  clock?: Clock;
}

/** Restores a study from `studyToJSON` output (an object, or its JSON text). */
export function loadStudy(input: unknown, options: LoadOptions = {}): Study {
  let raw = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new StudyFormatError('(root)', `not valid JSON (${(e as Error).message})`);
    }
  }
  const root = record(raw, '(root)');
  if (root.format !== STUDY_FORMAT && !EARLIER_STUDY_FORMATS.includes(root.format as string)) throw new StudyFormatError('format', `expected "${STUDY_FORMAT}", got ${shortValue(root.format)}`);
  if (root.version !== STUDY_VERSION) throw new StudyFormatError('version', `unsupported version ${shortValue(root.version)}`);
  const name = typeof root.name === 'string' ? root.name : '';
  let space: SearchSpace;
  try {
    space = validateSpace(root.space);
  } catch (e) {
    throw new StudyFormatError('space', (e as Error).message);
  }
  const direction = root.direction;
  if (direction !== 'minimize' && direction !== 'maximize') throw new StudyFormatError('direction', `must be "minimize" or "maximize"`);
  const seed = root.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new StudyFormatError('seed', 'must be an integer');
  const sampler = options.sampler ?? restoreSampler(root.sampler);
  const constraints = readConstraintNames(root.constraints);
  const trials = array(root.trials, 'trials').map((t, i) => readTrial(t, i, space, constraints));
  const enqueued = readEnqueued(root.enqueued, space);
  const study = new Study({ space, direction, seed, name, sampler, clock: options.clock ?? Date.now, trials, constraints, enqueued });
  const stored = record(root.sampler, 'sampler').state;
  if (stored !== undefined && sampler.loadState) {
    try {
      sampler.loadState(clone(stored));
    } catch (e) {
      throw new StudyFormatError('sampler.state', (e as Error).message);
    }
  }
  return study;
}

function restoreSampler(raw: unknown): Sampler {
  const s = record(raw, 'sampler');
  if (typeof s.name !== 'string') throw new StudyFormatError('sampler.name', 'must be a string');
  if (!isSamplerName(s.name)) {
    throw new StudyFormatError('sampler.name', `"${s.name}" is not a built-in sampler; pass the sampler object to loadStudy`);
  }
  const opts = s.options === undefined ? {} : record(s.options, 'sampler.options');
  try {
    return createSampler(s.name, clone(opts));
  } catch (e) {
    throw new StudyFormatError('sampler.options', (e as Error).message);
  }
}

const STATES: readonly TrialState[] = ['running', 'complete', 'failed', 'pruned'];

function readConstraintNames(raw: unknown): string[] {
  if (raw === undefined) return [];
  const names = array(raw, 'constraints');
  names.forEach((n, i) => {
    if (typeof n !== 'string' || n.length === 0) throw new StudyFormatError(`constraints[${i}]`, 'must be a non-empty string');
  });
  if (new Set(names).size !== names.length) throw new StudyFormatError('constraints', 'names must be distinct');
  return names as string[];
}

function readTrialConstraints(raw: unknown, at: string, declared: readonly string[]): Record<string, number> | undefined {
  if (raw === undefined) return undefined;
  const r = record(raw, `${at}.constraints`);
  const out: Record<string, number> = {};
  for (const [name, c] of Object.entries(r)) {
    if (!declared.includes(name)) throw new StudyFormatError(`${at}.constraints.${name}`, 'is not a declared constraint');
    if (typeof c !== 'number' || !Number.isFinite(c)) throw new StudyFormatError(`${at}.constraints.${name}`, 'must be a finite number');
    out[name] = c;
  }
  return out;
}

function readTrial(raw: unknown, index: number, space: SearchSpace, declared: readonly string[]): MutableTrial {
  const at = `trials[${index}]`;
  const t = record(raw, at);
  if (t.id !== index) throw new StudyFormatError(`${at}.id`, `expected ${index}, got ${shortValue(t.id)}`);
  let params;
  try {
    params = validateParams(space, t.params);
  } catch (e) {
    throw new StudyFormatError(`${at}.params`, (e as Error).message);
  }
  const state = t.state as TrialState;
  if (!STATES.includes(state)) throw new StudyFormatError(`${at}.state`, `unknown state ${shortValue(t.state)}`);
  const value = nullableNumber(t.value, `${at}.value`);
  if (state === 'complete' && value === null) throw new StudyFormatError(`${at}.value`, 'a complete trial needs a finite value');
  if (state !== 'complete' && value !== null) throw new StudyFormatError(`${at}.value`, `a ${state} trial has no value`);
  const intermediate: IntermediateValue[] = array(t.intermediate, `${at}.intermediate`).map((e, j) => {
    const r = record(e, `${at}.intermediate[${j}]`);
    const step = r.step;
    if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) {
      throw new StudyFormatError(`${at}.intermediate[${j}].step`, 'must be a finite number ≥ 0');
    }
    const value = nullableNumber(r.value, `${at}.intermediate[${j}].value`);
    if (r.metrics === undefined) return { step, value };
    return { step, value, metrics: readMetrics(r.metrics, `${at}.intermediate[${j}].metrics`) };
  });
  for (let j = 1; j < intermediate.length; j++) {
    if ((intermediate[j] as IntermediateValue).step <= (intermediate[j - 1] as IntermediateValue).step) {
      throw new StudyFormatError(`${at}.intermediate`, 'steps must be strictly increasing');
    }
  }
  const startedAt = t.startedAt;
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt)) throw new StudyFormatError(`${at}.startedAt`, 'must be a finite number');
  const endedAt = nullableNumber(t.endedAt, `${at}.endedAt`);
  if (t.reason !== null && typeof t.reason !== 'string') throw new StudyFormatError(`${at}.reason`, 'must be a string or null');
  const constraints = readTrialConstraints(t.constraints, at, declared);
  const trial: MutableTrial = { id: index, params: Object.freeze({ ...params }), state, value, intermediate, startedAt, endedAt, reason: t.reason };
  if (constraints !== undefined) trial.constraints = constraints;
  if (t.computeMs !== undefined) {
    if (typeof t.computeMs !== 'number' || !Number.isFinite(t.computeMs) || t.computeMs < 0) throw new StudyFormatError(`${at}.computeMs`, 'must be a finite number ≥ 0');
    if (endedAt === null) throw new StudyFormatError(`${at}.computeMs`, 'a running trial has no compute time yet');
    trial.computeMs = t.computeMs;
  }
  return trial;
}

function readMetrics(raw: unknown, path: string): Metrics {
  const entries = Object.entries(record(raw, path));
  for (const [name, v] of entries) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      // A hostile name could be huge: quote long ones cut short, so the message stays readable.
      throw new StudyFormatError(`${path}.${name.length > 40 ? shortValue(name) : name}`, 'must be a finite number');
    }
  }
  return Object.freeze(Object.fromEntries(entries) as Record<string, number>);
}

function readEnqueued(raw: unknown, space: SearchSpace): Params[] {
  if (raw === undefined) return [];
  return array(raw, 'enqueued').map((params, i) => {
    try {
      return validateParams(space, params);
    } catch (e) {
      throw new StudyFormatError(`enqueued[${i}]`, (e as Error).message);
    }
  });
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new StudyFormatError(path, 'must be an object');
  return v as Record<string, unknown>;
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new StudyFormatError(path, 'must be an array');
  return v;
}

function nullableNumber(v: unknown, path: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new StudyFormatError(path, 'must be a finite number or null');
  return v;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
