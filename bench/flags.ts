/**
 * Reading the benchmarks' command-line flags: `--name value`, `--name=value` and bare switches.
 * Each benchmark's parser switches on `name` and calls `value()` for flags that take one.
 */

/** Thrown for a bad flag; a benchmark's main prints the message and its usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Flag {
  /** The flag without an inline value, e.g. "--seeds". */
  readonly name: string;
  /** The argument as given, e.g. "--seeds=3". */
  readonly text: string;
  /** The flag's value: the inline one, else the next argument (which is then consumed). */
  value(): string;
}

export function* readFlags(argv: readonly string[]): Generator<Flag> {
  for (let i = 0; i < argv.length; i++) {
    const text = argv[i] as string;
    const eq = text.indexOf('=');
    const name = eq < 0 ? text : text.slice(0, eq);
    const inline = eq < 0 ? null : text.slice(eq + 1);
    yield {
      name,
      text,
      value: () => {
        if (inline !== null) return inline;
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`${name} needs a value`);
        return next;
      },
    };
  }
}

export function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a positive integer, got "${text}"`);
  return n;
}
