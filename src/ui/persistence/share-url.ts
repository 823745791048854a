/**
 * Sharing a setup as a link: `#setup=<base64url(JSON)>`. Decoding treats the hash as hostile and
 * never throws: a bad, tampered or oversized hash is `{ kind: 'invalid', message }` for the page
 * to show, and the page carries on with its own setup.
 */
import { SetupError, validateSetup, type SetupConfig } from '../setup/setup-config';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import { describeProblem, parseUntrustedJSON, UntrustedJSONError } from './untrusted-json';

export const SHARE_HASH_KEY = 'setup';
/** Most characters of the encoded setup accepted (a setup is normally well under 2 000). */
export const MAX_SHARED_SETUP_CHARS = 16_384;
const MAX_SHARED_SETUP_DEPTH = 8;

export type SharedSetup =
  | { readonly kind: 'setup'; readonly setup: SetupConfig }
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly message: string };

/** `#setup=…` for this setup (compact JSON, URL-safe, no padding). */
export function setupToHash(setup: SetupConfig): string {
  return `#${SHARE_HASH_KEY}=${encodeBase64Url(JSON.stringify(setup))}`;
}

/** `href` with its hash replaced by the setup's. */
export function shareUrl(href: string, setup: SetupConfig): string {
  const at = href.indexOf('#');
  return `${at < 0 ? href : href.slice(0, at)}${setupToHash(setup)}`;
}

/** Reads a `location.hash` (with or without '#'); other `key=value` parts are ignored. */
export function setupFromHash(hash: string): SharedSetup {
  try {
    const encoded = sharedPart(hash);
    if (encoded === null) return { kind: 'none' };
    if (encoded.length > MAX_SHARED_SETUP_CHARS) {
      return invalid(`it is ${encoded.length} characters long, more than the ${MAX_SHARED_SETUP_CHARS} allowed`);
    }
    if (encoded === '') return invalid('it is empty');
    let json: string;
    try {
      json = decodeBase64Url(encoded);
    } catch (e) {
      return invalid(`${(e as Error).message} (was it cut short when copied?)`);
    }
    let raw: unknown;
    try {
      raw = parseUntrustedJSON(json, { maxChars: MAX_SHARED_SETUP_CHARS, maxDepth: MAX_SHARED_SETUP_DEPTH });
    } catch (e) {
      return invalid(e instanceof UntrustedJSONError ? describeProblem(e.problem) : String(e));
    }
    try {
      return { kind: 'setup', setup: validateSetup(raw) };
    } catch (e) {
      if (e instanceof SetupError) return invalid(`${e.path}: ${e.problem}`);
      throw e;
    }
  } catch (e) {
    return invalid(e instanceof Error ? e.message : String(e));
  }
}

function invalid(problem: string): SharedSetup {
  return { kind: 'invalid', message: `The shared link's setup could not be used: ${problem}.` };
}

/** The value of `setup=` in the hash, or null when there is none. */
function sharedPart(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key === SHARE_HASH_KEY) return eq < 0 ? '' : part.slice(eq + 1);
  }
  return null;
}
