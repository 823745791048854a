/**
 * Parsing JSON text that may be hostile (an imported file, a shared link): the size is checked
 * before anything is parsed, nesting depth is checked by a linear scan before `JSON.parse` (so a
 * `[[[[…` bomb never reaches a recursive walk), and keys that could pollute prototypes when the
 * data is later spread or merged (`__proto__`, `constructor`, `prototype`) are refused anywhere
 * in the tree. A caller may also cap the length of the lists under one key (a study file's
 * `trials`): the same scan counts their items, so an oversized study is refused before it is
 * parsed. Refusals are `UntrustedJSONError`s; callers turn them into messages for users.
 */

export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

export interface UntrustedJSONLimits {
  /** Most UTF-16 characters accepted. */
  readonly maxChars: number;
  /** Most nested arrays/objects (the root object is depth 1). */
  readonly maxDepth: number;
  /** Most items of any list that is the value of `key` (e.g. a study's `trials`), checked before parsing. */
  readonly maxListItems?: { readonly key: string; readonly max: number };
}

export type UntrustedJSONProblem =
  | { readonly kind: 'too-large'; readonly chars: number; readonly maxChars: number }
  | { readonly kind: 'too-deep'; readonly maxDepth: number }
  | { readonly kind: 'too-many-items'; readonly key: string; readonly items: number; readonly max: number }
  | { readonly kind: 'syntax'; readonly detail: string }
  | { readonly kind: 'forbidden-key'; readonly key: string; readonly path: string };

export class UntrustedJSONError extends Error {
  override readonly name = 'UntrustedJSONError';
  constructor(readonly problem: UntrustedJSONProblem) {
    super(describeProblem(problem));
  }
}

export function describeProblem(problem: UntrustedJSONProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return `${problem.chars} characters is more than the limit of ${problem.maxChars}`;
    case 'too-deep':
      return `nested more than ${problem.maxDepth} levels deep`;
    case 'too-many-items':
      return `its "${problem.key}" list has ${problem.items} items, more than the limit of ${problem.max}`;
    case 'syntax':
      return `not valid JSON (${problem.detail})`;
    case 'forbidden-key':
      return `the key "${problem.key}" at ${problem.path} is not allowed`;
    default: {
      const unreachable: never = problem;
      return unreachable;
    }
  }
}

/** Parses `text` within `limits`; throws `UntrustedJSONError` and nothing else. */
export function parseUntrustedJSON(text: string, limits: UntrustedJSONLimits): JSONValue {
  if (text.length > limits.maxChars) {
    throw new UntrustedJSONError({ kind: 'too-large', chars: text.length, maxChars: limits.maxChars });
  }
  const scan = scanJSONText(text, { stopAbove: limits.maxDepth, listKey: limits.maxListItems?.key ?? null });
  if (scan.depth > limits.maxDepth) {
    throw new UntrustedJSONError({ kind: 'too-deep', maxDepth: limits.maxDepth });
  }
  const cap = limits.maxListItems;
  if (cap !== undefined && scan.longestList > cap.max) {
    throw new UntrustedJSONError({ kind: 'too-many-items', key: cap.key, items: scan.longestList, max: cap.max });
  }
  let value: JSONValue;
  try {
    value = JSON.parse(text) as JSONValue;
  } catch (e) {
    throw new UntrustedJSONError({ kind: 'syntax', detail: (e as Error).message });
  }
  const forbidden = findForbiddenKey(value);
  if (forbidden !== null) throw new UntrustedJSONError({ kind: 'forbidden-key', ...forbidden });
  return value;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Characters at or below this are JSON whitespace (or control characters, which JSON.parse refuses). */
const SPACE = 0x20;

/**
 * The deepest bracket nesting outside string literals, scanning no further than the first point
 * where it exceeds `stopAbove`. Malformed text gives some number; `JSON.parse` then refuses it.
 */
export function nestingDepth(text: string, stopAbove: number = Infinity): number {
  return scanJSONText(text, { stopAbove, listKey: null }).depth;
}

export interface JSONTextScan {
  /** The deepest nesting seen (more than `stopAbove` when the scan stopped early). */
  readonly depth: number;
  /** Items of the longest list that is the value of `listKey` (0 when there is none). */
  readonly longestList: number;
}

/** A list being counted: its nesting depth, the commas at that depth so far, and whether it has an item. */
interface CountedList {
  readonly depth: number;
  commas: number;
  readonly empty: boolean;
}

/**
 * One linear pass over JSON text, outside string literals: the nesting depth (stopping once it
 * exceeds `stopAbove`) and the item count of every list written as `"<listKey>": [ … ]`, counted
 * by its top-level commas. Exact for valid JSON; malformed text gives some numbers.
 */
export function scanJSONText(text: string, options: { readonly stopAbove: number; readonly listKey: string | null }): JSONTextScan {
  const { stopAbove, listKey } = options;
  let depth = 0;
  let deepest = 0;
  let longestList = 0;
  let inString = false;
  let stringStart = 0;
  /** The last string literal closed, as [keyStart, keyEnd): a key when a ':' follows. */
  let keyStart = 0;
  let keyEnd = 0;
  /** Set by a ':' after `listKey`; a '[' next starts a counted list, anything else clears it. */
  let armed = false;
  const counted: CountedList[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        keyStart = stringStart;
        keyEnd = i;
      }
    } else if (c === QUOTE) {
      inString = true;
      stringStart = i + 1;
      armed = false;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return { depth: deepest, longestList };
      }
      if (armed && c === OPEN_BRACKET) counted.push({ depth, commas: 0, empty: firstNonSpace(text, i + 1) === CLOSE_BRACKET });
      armed = false;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const list = counted[counted.length - 1];
      if (list !== undefined && list.depth === depth) {
        counted.pop();
        longestList = Math.max(longestList, list.empty ? 0 : list.commas + 1);
      }
      depth--;
      armed = false;
    } else if (c === COMMA) {
      const list = counted[counted.length - 1];
      if (list !== undefined && list.depth === depth) list.commas++;
      armed = false;
    } else if (c === COLON) {
      armed = listKey !== null && keyEnd - keyStart === listKey.length && text.slice(keyStart, keyEnd) === listKey;
    } else if (c > SPACE) {
      armed = false;
    }
  }
  return { depth: deepest, longestList };
}

function firstNonSpace(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > SPACE) return c;
  }
  return -1;
}

interface WalkNode {
  readonly value: unknown;
  readonly parent: WalkNode | null;
  /** The key or index under `parent`. */
  readonly step: string | number;
}

/**
 * The first forbidden key in the tree (an iterative walk, so depth cannot overflow the stack),
 * with the path of the object holding it, or null. Paths are built only for a hit.
 */
export function findForbiddenKey(value: unknown): { key: string; path: string } | null {
  const stack: WalkNode[] = [{ value, parent: null, step: '' }];
  while (stack.length > 0) {
    const node = stack.pop() as WalkNode;
    const v = node.value;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: node, step: i });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.includes(key)) return { key, path: pathOf(node) };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push({ value: (v as Record<string, unknown>)[key], parent: node, step: key });
    }
  }
  return null;
}

function pathOf(node: WalkNode): string {
  const steps: (string | number)[] = [];
  for (let n: WalkNode | null = node; n !== null && n.parent !== null; n = n.parent) steps.push(n.step);
  if (steps.length === 0) return '(root)';
  return steps
    .reverse()
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`))
    .join('');
}
