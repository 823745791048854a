/**
 * Python values as text, the way `DataFrame.to_csv()` of pandas writes a column of them (pandas
 * 1.5, the version beside Debian's Optuna 3.1): what `study.trials_dataframe().to_csv()` prints.
 *
 * pandas first infers a column's dtype from all its values, and the dtype decides each cell's text:
 *   - all None                      → object: every cell empty;
 *   - bool, none missing            → bool: True / False;
 *   - int, none missing             → int64: 3;
 *   - numbers with a float or None  → float64: Python's repr of each as a float (3 → 3.0), None empty;
 *   - anything else                 → object: Python's str() of each (True, 3, 0.5, [1.0, -2.0]), None empty;
 *   - datetimes                     → datetime64: `YYYY-MM-DD HH:MM:SS`, with `.fff` on every cell
 *                                     when any has milliseconds, or `YYYY-MM-DD` when all are midnight;
 *   - durations                     → timedelta64: `0 days 00:00:01.234000`, or `2 days` when all are
 *                                     whole days.
 *
 * Notation: ms = milliseconds since the Unix epoch (UTC) or a duration in ms; decpt = where the
 * decimal point falls in a number's shortest round-trip digits (digits 123, decpt 1 → 1.23).
 */

/** A Python value as Optuna holds it after reading a journal: None is null. */
export type PythonValue =
  | null
  | { readonly py: 'int'; readonly value: number }
  | { readonly py: 'float'; readonly value: number }
  | { readonly py: 'bool'; readonly value: boolean }
  | { readonly py: 'str'; readonly value: string }
  | { readonly py: 'list'; readonly items: readonly PythonValue[] }
  | { readonly py: 'dict'; readonly entries: readonly (readonly [string, PythonValue])[] };

/**
 * A cell as to_csv writes it: null when empty; `text` when it is a Python string (user-given text:
 * a categorical choice, a reason), `literal` when pandas formatted it (numbers, booleans, times, lists).
 */
export type DataframeCell = null | { readonly kind: 'text' | 'literal'; readonly text: string };

const DAY_MS = 86_400_000;
/** datetime64[ns] holds 1677-09-21 … 2262-04-11; pandas keeps other datetimes as objects. */
const DATETIME64_MIN_MS = -9_223_372_036_854;
const DATETIME64_MAX_MS = 9_223_372_036_854;

/** The Python value json.loads gives for the JSON text JavaScript writes for `n`: an int unless it has a point or exponent. */
export function pythonNumberFromJson(n: number): PythonValue {
  return Number.isInteger(n) && !/[.e]/i.test(String(n)) ? { py: 'int', value: n } : { py: 'float', value: n };
}

/** Python's `repr(float(n))`: shortest round-trip digits, `1.0`, `1e-05`, `1e+16`, `nan`, `inf`. */
export function pythonFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const decpt = exponent + 1;
  const sign = n < 0 ? '-' : '';
  if (decpt <= -4 || decpt > 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Python's `str(value)` (`repr` inside lists). */
export function pythonStr(value: PythonValue): string {
  if (value === null) return 'None';
  switch (value.py) {
    case 'int':
      return String(value.value);
    case 'float':
      return pythonFloatRepr(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return value.value;
    case 'list':
      return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map(([key, item]) => `${pythonRepr({ py: 'str', value: key })}: ${pythonRepr(item)}`).join(', ')}}`;
    default: {
      const unreachable: never = value;
      return unreachable;
    }
  }
}

function pythonRepr(value: PythonValue): string {
  if (value === null || value.py !== 'str') return pythonStr(value);
  // Python quotes with ' unless the text holds ' and no ".
  const quote = value.value.includes("'") && !value.value.includes('"') ? '"' : "'";
  const escaped = value.value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
}

const literal = (text: string): DataframeCell => ({ kind: 'literal', text });

/** The cells of a column of Python values, after pandas' dtype inference (see the top of this file). */
export function pandasColumn(values: readonly PythonValue[]): DataframeCell[] {
  const present = values.filter((v): v is Exclude<PythonValue, null> => v !== null);
  const missing = present.length < values.length;
  const numbers = present.flatMap((v) => (v.py === 'int' || v.py === 'float' ? [v] : []));
  if (numbers.length > 0 && numbers.length === present.length) {
    const asFloat = missing || numbers.some((v) => v.py === 'float');
    return values.map((v) => {
      if (v === null) return null;
      return literal(asFloat && (v.py === 'int' || v.py === 'float') ? pythonFloatRepr(v.value) : pythonStr(v));
    });
  }
  return values.map((v) => {
    if (v === null) return null;
    return v.py === 'str' ? { kind: 'text', text: v.value } : literal(pythonStr(v));
  });
}

/** The cells of a datetime64 column (ms since the epoch, shown as naive UTC; null is NaT, empty). */
export function pandasDatetimeColumn(times: readonly (number | null)[]): DataframeCell[] {
  const values = times.map((ms) => (ms === null ? null : Math.round(ms)));
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return values.map(() => null);
  // Outside datetime64[ns] pandas keeps Python datetimes, whose str() shows microseconds when any.
  const asObjects = present.some((ms) => ms < DATETIME64_MIN_MS || ms > DATETIME64_MAX_MS);
  const datesOnly = !asObjects && present.every((ms) => ms % DAY_MS === 0);
  const showMillis = present.some((ms) => ms % 1000 !== 0);
  return values.map((ms) => {
    if (ms === null) return null;
    const { date, time, millis } = isoParts(ms);
    if (datesOnly) return literal(date);
    if (asObjects) return literal(ms % 1000 === 0 ? `${date} ${time}` : `${date} ${time}.${millis}000`);
    return literal(showMillis ? `${date} ${time}.${millis}` : `${date} ${time}`);
  });
}

/** The cells of a timedelta64 column (durations in ms; null is NaT, empty). */
export function pandasDurationColumn(values: readonly (number | null)[]): DataframeCell[] {
  const evenDays = values.every((ms) => ms === null || ms % DAY_MS === 0);
  return values.map((ms) => (ms === null ? null : literal(timedeltaText(Math.round(ms), evenDays))));
}

/** pandas' Timedelta text: whole days (floored, so −1.5 s is `-1 days +23:59:58.500000`) then the time of day. */
function timedeltaText(ms: number, evenDays: boolean): string {
  const days = Math.floor(ms / DAY_MS);
  if (evenDays) return `${days} days`;
  let rest = ms - days * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const clock = [Math.floor(rest / 3600), Math.floor(rest / 60) % 60, rest % 60].map((n) => String(n).padStart(2, '0')).join(':');
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}000`;
  return `${days} days ${days < 0 ? '+' : ''}${clock}${fraction}`;
}

/** The UTC date, time of day and milliseconds of a time, with the year in at least four digits. */
function isoParts(ms: number): { date: string; time: string; millis: string } {
  const d = new Date(ms);
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0000–9999, ±YYYYYY-… beyond
  if (iso.length === 24) return { date: iso.slice(0, 10), time: iso.slice(11, 19), millis: iso.slice(20, 23) };
  const year = d.getUTCFullYear();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return {
    date: `${yearText}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}
