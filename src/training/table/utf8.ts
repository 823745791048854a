/**
 * Decoding a table's bytes as UTF-8: strict (a byte sequence that is not UTF-8 is refused with its
 * byte offset, not replaced), with a leading byte-order mark stripped.
 */

import { TableError } from './table-error';

/** Decodes `bytes` as strict UTF-8, dropping a leading BOM; refuses anything else with its offset. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    throw new TableError(
      'not-utf8',
      `the file is not UTF-8 text: byte ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}) does not start or continue a UTF-8 character; save the table as UTF-8 (CSV UTF-8) and try again`,
    );
  }
}

/** The offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
      // Overlong, surrogate and out-of-range sequences are refused by their second byte.
      if (next === 1) {
        if (lead === 0xe0 && byte < 0xa0) return index;
        if (lead === 0xed && byte > 0x9f) return index;
        if (lead === 0xf0 && byte < 0x90) return index;
        if (lead === 0xf4 && byte > 0x8f) return index;
      }
    }
    index += length;
  }
  return bytes.length;
}
