/**
 * The page's size limits, in one place: Setup, share links, study-file imports and the Race all
 * check against these numbers, and their messages name them. Up to these sizes the page stays
 * fluid (no main-thread task over 50 ms in Results, the Inspector, Saved or the Race).
 *
 *   if (trials.length > MAX_TRIALS_PER_STUDY) throw new Error(`… at most ${MAX_TRIALS_PER_STUDY} trials`);
 */

/** Trials in one study: Setup's trial budget, an imported study's trials, a shared setup's budget. */
export const MAX_TRIALS_PER_STUDY = 10_000;

/** Size of a study file the Saved view imports, bytes. */
export const MAX_STUDY_FILE_BYTES = 20 * 1024 * 1024;

/** Size of a study file that carries its data (the user's files in base64), bytes: a larger limit for those files only. */
export const MAX_STUDY_FILE_WITH_DATA_BYTES = 256 * 1024 * 1024;

/** Trials per strategy in one race. */
export const MIN_RACE_TRIALS = 4;
export const MAX_RACE_TRIALS = 200;

/** Repeats (seeds) of a synthetic-task race. */
export const MIN_RACE_REPEATS = 1;
export const MAX_RACE_REPEATS = 20;
