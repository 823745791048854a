/** Base64url (RFC 4648 §5, no padding) of UTF-8 text; runs in browsers and Node (btoa/atob). */

const CHUNK = 0x8000;

export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Base64UrlError extends Error {
  override readonly name = 'Base64UrlError';
}

/** Decodes base64url to text; throws `Base64UrlError` for bad characters, length or UTF-8. */
export function decodeBase64Url(encoded: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) throw new Base64UrlError('it contains characters that are not base64url');
  if (encoded.length % 4 === 1) throw new Base64UrlError('its length is not a valid base64url length');
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (encoded.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    throw new Base64UrlError('it is not valid base64url');
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Base64UrlError('it is not valid UTF-8 text');
  }
}
