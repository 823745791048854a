/**
 * Where a saved study came from when it did not run through Setup → Run: one player of a Manual duel,
 * or one run of a Race. Such a study is a finished snapshot: its setup says what its trials were
 * asked of (a duel's picks of a random-search study, a race run's sampler and scheduler), not a run
 * the page can go on with, so Saved, Results and Run name it by its origin and refuse to continue it.
 *
 * The origin is kept in the record's `extra` under `ORIGIN_KEY` (so study files carry it through
 * export and import unchanged) and copied into the journal header (so the Saved list shows it
 * without reading a study's trials). The export for Optuna writes it as the study user attr
 * `OPTUNA_ORIGIN_ATTR`, which the journal import reads back into `extra`. Records saved before origins were kept carry none; the ones the
 * duel and race saves wrote are recognised by the names those saves gave them (`inferredOrigin`).
 *
 *   const origin = studyOriginOf(record.extra) ?? inferredOrigin(record.name);
 *   originLabel(origin);               // 'Manual duel: your tries'
 *   trialMaker(origin, 2);             // 'your try 3'
 */
import * as v from 'valibot';
import { isSchedulerName, type SchedulerName } from '../../tuner';
import type { JSONValue } from './untrusted-json';

/** The two players of a Manual duel: the person clicking the map, and the Bayesian optimiser (GP-EI). */
export const DUEL_PLAYERS = ['you', 'gp'] as const;
export type DuelPlayer = (typeof DUEL_PLAYERS)[number];

export type StudyOrigin =
  /** One player's trials of a Manual duel on Branin: trial i is that player's turn i + 1. */
  | { readonly kind: 'manual-duel'; readonly player: DuelPlayer; readonly seed: number; readonly budget: number; readonly tries: number }
  /**
   * One run of a race. `entry`: the strategy as the race named it ('ASHA + random'); `scheduler`: the
   * scheduler it raced with (null for a plain strategy, or unknown for a record saved before origins).
   */
  | { readonly kind: 'race-run'; readonly entry: string; readonly scheduler: SchedulerName | null; readonly raceSeed: number; readonly runSeed: number | null; readonly repeat: number };

/** The `extra` key a snapshot's origin is kept under. */
export const ORIGIN_KEY = 'snapshotOrigin';
/** The Optuna study user attr a snapshot's origin travels in through an exported journal. */
export const OPTUNA_ORIGIN_ATTR = 'tfjs_tuner_origin';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const seed = v.pipe(v.number(), v.integer());
const OriginSchema = v.variant('kind', [
  v.object({ kind: v.literal('manual-duel'), player: v.picklist(DUEL_PLAYERS), seed, budget: count, tries: count }),
  v.object({ kind: v.literal('race-run'), entry: v.pipe(v.string(), v.minLength(1), v.maxLength(200)), scheduler: v.nullable(v.custom<SchedulerName>(isSchedulerName)), raceSeed: seed, runSeed: v.nullable(seed), repeat: count }),
]);

/** The origin as `extra` keeps it (merged into any other `extra` by the caller). */
export function originExtra(origin: StudyOrigin): { readonly [ORIGIN_KEY]: JSONValue } {
  return { [ORIGIN_KEY]: { ...origin } };
}

/** The origin a record's `extra` holds; null when it holds none or a damaged one (the study then shows as a plain one). */
export function studyOriginOf(extra: unknown): StudyOrigin | null {
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) return null;
  return checkedOrigin((extra as Record<string, unknown>)[ORIGIN_KEY]);
}

/** `raw` when it is a well-formed origin (a header's copy is read with this too), else null. */
export function checkedOrigin(raw: unknown): StudyOrigin | null {
  const parsed = v.safeParse(OriginSchema, raw);
  return parsed.success ? parsed.output : null;
}

/** A saved study's origin: the one stored with it, else (a record saved before origins were kept) the one its name shows. */
export function savedOrigin(stored: StudyOrigin | null, name: unknown): StudyOrigin | null {
  return stored ?? (typeof name === 'string' ? inferredOrigin(name) : null);
}

const OLD_DUEL_NAME = /^Manual duel, seed (-?\d+), (\d+) of (\d+) tries: (your picks|the GP)$/;
const OLD_RACE_NAME = /^Race on .+, seed (-?\d+): (.+?)(?:, run (\d+) \(seed (-?\d+)\))?$/;

/**
 * The origin of a record saved by the duel or race save before origins were kept, read from the
 * name that save gave it; null for any other name. Such a race run's scheduler is not known.
 */
export function inferredOrigin(name: string): StudyOrigin | null {
  const duel = OLD_DUEL_NAME.exec(name);
  if (duel !== null) return { kind: 'manual-duel', player: duel[4] === 'the GP' ? 'gp' : 'you', seed: Number(duel[1]), tries: Number(duel[2]), budget: Number(duel[3]) };
  const race = OLD_RACE_NAME.exec(name);
  if (race !== null) return { kind: 'race-run', entry: race[2] as string, scheduler: null, raceSeed: Number(race[1]), runSeed: race[4] === undefined ? null : Number(race[4]), repeat: race[3] === undefined ? 0 : Number(race[3]) - 1 };
  return null;
}

/** The origin in a few words, for Saved's strategy column and Run's heading. */
export function originLabel(origin: StudyOrigin): string {
  switch (origin.kind) {
    case 'manual-duel':
      return origin.player === 'you' ? 'Manual duel: your tries' : 'Manual duel: the GP’s answers';
    case 'race-run':
      return `Race run: ${origin.entry}`;
    default: {
      const unreachable: never = origin;
      return unreachable;
    }
  }
}

/** Who made trial `index` (0-based, in id order) of a study with this origin, in words. */
export function trialMaker(origin: StudyOrigin, index: number): string {
  switch (origin.kind) {
    case 'manual-duel':
      return origin.player === 'you' ? `your try ${index + 1}` : `the GP’s answer to your try ${index + 1}`;
    case 'race-run':
      return origin.entry;
    default: {
      const unreachable: never = origin;
      return unreachable;
    }
  }
}

/** What the study is, in a sentence, for Results. */
export function originSentence(origin: StudyOrigin): string {
  switch (origin.kind) {
    case 'manual-duel': {
      const game = `a Manual duel on Branin (seed ${origin.seed}, ${origin.tries} of ${origin.budget} tries)`;
      return origin.player === 'you'
        ? `Saved from ${game}: every trial here is one of your tries, a point you clicked on the map (no sampler chose it). The GP’s answers are saved as a study of their own.`
        : `Saved from ${game}: every trial here is the Bayesian optimiser’s (GP-EI) answer to one of your tries. Your tries are saved as a study of their own.`;
    }
    case 'race-run': {
      const run = origin.runSeed === null ? '' : `, run ${origin.repeat + 1} (seed ${origin.runSeed})`;
      // A PBT run saved since lineages were kept carries its scheduler state: the lineage card says whether this one does.
      const lost = origin.scheduler === null ? '' : ' The scheduler’s rungs and population lived in the race and are not kept; every trial keeps its per-epoch values and how it ended.';
      return `Saved from a race (seed ${origin.raceSeed}${run}): the trials ${origin.entry} made in the race, a finished snapshot.${lost}`;
    }
    default: {
      const unreachable: never = origin;
      return unreachable;
    }
  }
}

/** Why a study with this origin is not continued in the page. */
export function originContinueMessage(origin: StudyOrigin): string {
  switch (origin.kind) {
    case 'manual-duel':
      return origin.player === 'you'
        ? 'it is your side of a Manual duel: its trials are points you picked, and going on would draw random points instead (play a new duel in Manual)'
        : 'it is the GP’s side of a Manual duel, whose turns answered yours (play a new duel in Manual)';
    case 'race-run':
      return `it is a finished snapshot of a race run${origin.scheduler === null ? '' : ` whose ${origin.entry} scheduler state lived in the race`} (start a study in Setup, or run the race again, to go on)`;
    default: {
      const unreachable: never = origin;
      return unreachable;
    }
  }
}
