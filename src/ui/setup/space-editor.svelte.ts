/**
 * The search-space editor: one editable row per parameter, kept as the text the learner typed, and
 * checked row by row with the engine's own `validateSpace`, then with the task's own check (names,
 * what training accepts), so each message sits next to its field and matches what a shared link or
 * an imported file with the same space is refused with.
 *
 *   const editor = new SpaceEditor(space, { names: CONFIG_NAMES, fixedNames: false, paramProblem, accepts, newParam });
 *   editor.rows[0].high = '0.5';           // bound to an <input>
 *   editor.errors.get(editor.rows[0].key);  // the message for that row, or undefined
 *   editor.space;                           // the validated SearchSpace, or null while any row is wrong
 */
import { SearchSpaceError, validateSpace, type CategoricalValue, type ParamDef, type ParamType, type SearchSpace } from '../../tuner';

export interface SpaceRowInit {
  name: string;
  type: ParamType;
  low: string;
  high: string;
  log: boolean;
  step: string;
  /** Comma-separated; numbers and true/false are read as such, the rest as strings. */
  choices: string;
}

let nextKey = 0;

export class SpaceRow {
  /** Stable identity for keyed lists and label ids. */
  readonly key = `param-${nextKey++}`;
  name = $state('');
  type = $state<ParamType>('float');
  low = $state('');
  high = $state('');
  log = $state(false);
  step = $state('');
  choices = $state('');

  constructor(init: SpaceRowInit) {
    this.name = init.name;
    this.type = init.type;
    this.low = init.low;
    this.high = init.high;
    this.log = init.log;
    this.step = init.step;
    this.choices = init.choices;
  }

  /** The raw definition this row describes (possibly invalid; validateSpace says why). */
  toDef(): Record<string, unknown> {
    switch (this.type) {
      case 'categorical':
        return { type: 'categorical', choices: parseChoices(this.choices) };
      case 'float':
      case 'int': {
        const def: Record<string, unknown> = { type: this.type, low: parseNumber(this.low), high: parseNumber(this.high) };
        if (this.log) def.log = true;
        if (this.type === 'int' && this.step.trim() !== '') def.step = parseNumber(this.step);
        return def;
      }
      default: {
        const unreachable: never = this.type;
        return unreachable;
      }
    }
  }
}

export interface SpaceEditorOptions {
  /** Names a parameter may take (a CNN's config fields); null = any name. */
  readonly names: readonly string[] | null;
  /** Synthetic objectives read fixed names: rows can be edited but not added, removed or renamed. */
  readonly fixedNames: boolean;
  /**
   * The task's check of a parameter that is valid on its own (its name, the values training
   * accepts): a message, or null when it fits. Absent: only `names` is checked.
   */
  readonly paramProblem?: (name: string, def: ParamDef) => string | null;
  /** What the task accepts for a parameter, shown beside its row ("one of "relu", …"), or null. */
  readonly accepts?: (name: string) => string | null;
  /** The definition a row added with this name starts from; absent: a float in [0, 1]. */
  readonly newParam?: (name: string) => ParamDef;
}

export class SpaceEditor {
  rows = $state<SpaceRow[]>([]);
  readonly options: SpaceEditorOptions;

  /** Row key → message, from validateSpace on that row alone, plus name checks. */
  readonly errors = $derived.by(() => checkRows(this.rows, this.options));

  /** The whole space when every row is valid, else null. */
  readonly space = $derived.by((): SearchSpace | null => {
    if (this.errors.size > 0 || this.rows.length === 0) return null;
    return validateSpace(Object.fromEntries(this.rows.map((r) => [r.name.trim(), r.toDef()])));
  });

  /** A message for the space as a whole (e.g. no parameters), or null. */
  readonly spaceError = $derived(this.rows.length === 0 ? 'Add at least one parameter.' : null);

  constructor(space: SearchSpace, options: SpaceEditorOptions) {
    this.options = options;
    this.load(space);
  }

  load(space: SearchSpace): void {
    this.rows = Object.entries(space).map(([name, def]) => new SpaceRow(rowOf(name, def)));
  }

  /** Adds the first allowed name not yet used, with the task's starting definition (default: a float in [0, 1]). */
  add(): void {
    if (this.options.fixedNames) return;
    const used = new Set(this.rows.map((r) => r.name));
    const name = this.options.names?.find((n) => !used.has(n)) ?? `param${this.rows.length + 1}`;
    const def = this.options.newParam?.(name) ?? { type: 'float', low: 0, high: 1 };
    this.rows = [...this.rows, new SpaceRow(rowOf(name, def))];
  }

  /** What the task accepts for this row's name, to show beside it, or null. */
  accepts(row: SpaceRow): string | null {
    return this.options.accepts?.(row.name.trim()) ?? null;
  }

  remove(key: string): void {
    if (this.options.fixedNames) return;
    this.rows = this.rows.filter((r) => r.key !== key);
  }
}

function rowOf(name: string, def: ParamDef): SpaceRowInit {
  switch (def.type) {
    case 'categorical':
      return { name, type: 'categorical', low: '', high: '', log: false, step: '', choices: def.choices.map(String).join(', ') };
    case 'float':
      return { name, type: 'float', low: String(def.low), high: String(def.high), log: def.log === true, step: '', choices: '' };
    case 'int':
      return { name, type: 'int', low: String(def.low), high: String(def.high), log: def.log === true, step: def.step === undefined ? '' : String(def.step), choices: '' };
    default: {
      const unreachable: never = def;
      return unreachable;
    }
  }
}

function checkRows(rows: readonly SpaceRow[], options: SpaceEditorOptions): Map<string, string> {
  const { names, paramProblem } = options;
  const errors = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === '') {
      errors.set(row.key, 'Give the parameter a name.');
      continue;
    }
    if (seen.has(name)) {
      errors.set(row.key, `"${name}" is already used by another row.`);
      continue;
    }
    seen.add(name);
    if (paramProblem === undefined && names !== null && !names.includes(name)) {
      errors.set(row.key, `"${name}" is not a hyperparameter of this model (known: ${names.join(', ')}).`);
      continue;
    }
    let def: ParamDef;
    try {
      def = validateSpace({ [name]: row.toDef() })[name] as ParamDef;
    } catch (error) {
      errors.set(row.key, error instanceof SearchSpaceError ? capitalise(error.problem) : String(error));
      continue;
    }
    const problem = paramProblem?.(name, def) ?? null;
    if (problem !== null) errors.set(row.key, capitalise(problem));
  }
  return errors;
}

/** A number from text; anything unreadable becomes NaN, which validateSpace names. */
function parseNumber(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

export function parseChoices(text: string): CategoricalValue[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s): CategoricalValue => {
      if (s === 'true') return true;
      if (s === 'false') return false;
      const n = Number(s);
      return Number.isFinite(n) ? n : s;
    });
}

/** "the span …" → "The span ….", as a sentence beside its field. */
function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase()}${s.slice(1)}${s.endsWith('.') ? '' : '.'}`;
}
