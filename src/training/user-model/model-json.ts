/**
 * Reading model.json as text: strict UTF-8 and JSON, with a size and a nesting limit checked
 * before parsing, so a hostile or broken file is refused with a message naming it.
 */
import { UserModelError } from './user-model-error';

/** Largest model.json read (the topology and manifest, not the weights). */
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;
/** Deepest nesting of arrays and objects accepted in model.json. */
export const MAX_MODEL_JSON_DEPTH = 64;

/** Deepest nesting of `[` and `{` in JSON text, outside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return deepest;
}

/** The parsed object of a model.json file called `name`; refuses text that is not a JSON object. */
export function parseModelJson(name: string, bytes: Uint8Array): Record<string, unknown> {
  if (bytes.byteLength > MAX_MODEL_JSON_BYTES) {
    throw new UserModelError('too-large', `${name} is ${bytes.byteLength} bytes; the limit for model.json is ${MAX_MODEL_JSON_BYTES} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserModelError('not-json', `${name} is not UTF-8 text, so it is not a model.json`);
  }
  const depth = jsonDepth(text);
  if (depth > MAX_MODEL_JSON_DEPTH) {
    throw new UserModelError('too-deep', `${name} nests ${depth} levels deep; the limit is ${MAX_MODEL_JSON_DEPTH}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserModelError('not-json', `${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new UserModelError('not-json', `${name} holds JSON but not an object, so it is not a tfjs model.json`);
  return parsed;
}

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
