/**
 * Reading the benchmarks' command-line flags: `--name value`, `--name=value` and bare switches.
 * `readFlags` yields them one at a time; `parseFlags` hands each to the benchmark's handler for its
 * name (a handler calls `value()` for a flag that takes one) and answers `--help`/`-h` and unknown
 * flags itself; `readCommandLine` prints the usage for those the same way in every benchmark.
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

/** What to do with each flag, by name (e.g. "--seeds"); a handler reads the flag's value if it takes one. */
export type FlagHandlers = Readonly<Record<string, (flag: Flag) => void>>;

/**
 * Hands each flag of `argv` to its handler, in order. Answers 'help' at `--help` or `-h` (reading no
 * further), 'read' once every flag is read; a flag without a handler is a UsageError.
 */
export function parseFlags(argv: readonly string[], handlers: FlagHandlers): 'help' | 'read' {
  for (const flag of readFlags(argv)) {
    if (flag.name === '--help' || flag.name === '-h') return 'help';
    const handle = Object.hasOwn(handlers, flag.name) ? handlers[flag.name] : undefined;
    if (handle === undefined) throw new UsageError(`unknown flag "${flag.text}"`);
    handle(flag);
  }
  return 'read';
}

/** A benchmark's settings to run with, or the exit code when it should not run. */
export type CommandLine<T> = { readonly kind: 'run'; readonly settings: T } | { readonly kind: 'exit'; readonly code: number };

/**
 * Runs a benchmark's parser: for 'help' it prints `usage` (exit code 0), for a UsageError the
 * message and `usage` on stderr (exit code 2); any other error is thrown on.
 */
export function readCommandLine<T>(parse: () => T | 'help', usage: string): CommandLine<T> {
  try {
    const parsed = parse();
    if (parsed === 'help') {
      console.log(usage);
      return { kind: 'exit', code: 0 };
    }
    return { kind: 'run', settings: parsed };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage}`);
    return { kind: 'exit', code: 2 };
  }
}

/**
 * The settings of a benchmark's command line, or null when it should not run (after `--help`, or
 * after a bad flag, with the exit code set): the prologue of a benchmark's `main`.
 */
export function settingsOrExit<T>(parse: () => T | 'help', usage: string): T | null {
  const command = readCommandLine(parse, usage);
  if (command.kind === 'run') return command.settings;
  process.exitCode = command.code;
  return null;
}
