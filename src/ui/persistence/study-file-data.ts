/**
 * Study files that carry their data (format "tfjs-tuner.saved-study-with-data"): the study file's
 * fields plus `sources`, each source the study's setup names with its files in base64:
 *
 *   { "format": "tfjs-tuner.saved-study-with-data", "version": 1, …the study file…,
 *     "sources": [{ "kind": "table", "name": "penguins.csv", "fingerprint": "ab12…", "bytes": 13519,
 *                   "files": [{ "path": "penguins.csv", "type": "text/csv", "base64": "c3BlY2llcy…" }] }] }
 *
 * Such a file may be larger than a study file without data (MAX_STUDY_FILE_WITH_DATA_BYTES, not
 * MAX_STUDY_FILE_BYTES); the exporter writes the format first, so that an importer can tell from a
 * file's first bytes which limit applies. On import every source is checked as hostile input: its
 * fields, strict base64, its size against what it declares, that the setup names it, and (async)
 * that its files' SHA-256 fingerprint is the one it claims. Every refusal is a `StudyFileError`.
 */
import * as v from 'valibot';
import { describeBytes, type PickedSourceFile } from '../../training';
import { shortValue } from '../../tuner';
import { MAX_STUDY_FILE_WITH_DATA_BYTES } from '../limits';
import { DATA_SOURCE_KINDS, shortFingerprint, sourceReferences, type DataSource } from './data-source';
import { StudyFileError } from './study-file-error';
import type { JSONValue } from './untrusted-json';

export { MAX_STUDY_FILE_WITH_DATA_BYTES };

export const STUDY_FILE_WITH_DATA_FORMAT = 'tfjs-tuner.saved-study-with-data';

/** Whether a file's first characters declare a study file with data (the exporter writes the format first). */
export function declaresData(start: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"tfjs-tuner\.saved-study-with-data"/.test(start.slice(0, 200));
}

/** Base64 characters a file of `bytes` takes. */
function base64Chars(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Bytes read and encoded at a time (a multiple of 3, so the pieces' base64 joins into the whole's). */
const ENCODE_CHUNK = 3 * 64 * 1024;

/**
 * The study file `envelope` (its JSON fields, format first) with `sources` appended, as a Blob
 * built in parts (the base64 is never one string). Refuses data too large for a study file.
 */
export async function studyFileWithDataBlob(envelope: { readonly format: string; readonly [key: string]: unknown }, sources: readonly DataSource[]): Promise<Blob> {
  const head = JSON.stringify({ ...envelope, format: STUDY_FILE_WITH_DATA_FORMAT });
  const dataBytes = sources.reduce((sum, s) => sum + s.files.reduce((n, f) => n + f.data.size, 0), 0);
  const estimate = head.length + sources.reduce((sum, s) => sum + s.files.reduce((n, f) => n + base64Chars(f.data.size) + f.path.length + 64, 256), 0);
  if (estimate > MAX_STUDY_FILE_WITH_DATA_BYTES) {
    throw new StudyFileError(
      `the study’s data is ${describeBytes(dataBytes)}, so a file with it would be about ${describeBytes(estimate)}, over the ${describeBytes(MAX_STUDY_FILE_WITH_DATA_BYTES)} a study file with its data may hold: export it without data`,
    );
  }
  const parts: BlobPart[] = [head.slice(0, -1), ',"sources":['];
  for (const [s, source] of sources.entries()) {
    const { kind, name, fingerprint, bytes } = source;
    parts.push(s === 0 ? '' : ',', JSON.stringify({ kind, name, fingerprint, bytes }).slice(0, -1), ',"files":[');
    for (const [f, file] of source.files.entries()) {
      parts.push(f === 0 ? '' : ',', JSON.stringify({ path: file.path, type: file.data.type }).slice(0, -1), ',"base64":"');
      for (let start = 0; start < file.data.size; start += ENCODE_CHUNK) {
        parts.push(encodeBase64(new Uint8Array(await file.data.slice(start, start + ENCODE_CHUNK).arrayBuffer())));
      }
      parts.push('"}');
    }
    parts.push(']}');
  }
  parts.push(']}');
  return new Blob(parts, { type: 'application/json' });
}

const BINARY_CHUNK = 0x8000;

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BINARY_CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + BINARY_CHUNK));
  return btoa(binary);
}

/** Base64 characters decoded at a time (a multiple of 4). */
const DECODE_CHUNK = 4 * 64 * 1024;

/** Strict base64 (RFC 4648 §4, padded) to bytes; null when it is not. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let offset = 0;
  for (let start = 0; start < text.length; start += DECODE_CHUNK) {
    let binary: string;
    try {
      binary = atob(text.slice(start, start + DECODE_CHUNK));
    } catch {
      return null;
    }
    for (let i = 0; i < binary.length; i += 1) bytes[offset + i] = binary.charCodeAt(i);
    offset += binary.length;
  }
  return offset === bytes.length ? bytes : null;
}

/** Most files one source may have in a study file (an image folder's images, with room for skipped files). */
export const MAX_SOURCE_FILES = 50_000;

const text = (what: string, max: number) =>
  v.pipe(
    v.string((issue) => `${what} must be text, found ${shortValue(issue.input)}`),
    v.maxLength(max, `${what} is longer than ${max} characters`),
  );

const SourceFileSchema = v.object(
  { path: v.pipe(text('a file path', 1000), v.minLength(1, 'a file path is empty')), type: text('a file type', 200), base64: v.string((issue) => `a file’s base64 must be text, found ${shortValue(issue.input)}`) },
  (issue) => `a file has no ${String(issue.path?.[issue.path.length - 1]?.key ?? 'content')}`,
);

const SourceSchema = v.object(
  {
    kind: v.picklist(DATA_SOURCE_KINDS, (issue) => `unknown kind of data ${shortValue(issue.input)}`),
    name: text('a source’s name', 1000),
    fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, (issue) => `a fingerprint must be 64 hex digits, found ${shortValue(issue.input)}`)),
    bytes: v.pipe(v.number(), v.integer(), v.minValue(0, 'a source’s size must be a whole number of bytes')),
    files: v.pipe(
      v.array(SourceFileSchema, 'a source’s files must be a list'),
      v.minLength(1, 'a source has no files'),
      v.maxLength(MAX_SOURCE_FILES, `a source has more than ${MAX_SOURCE_FILES} files`),
    ),
  },
  (issue) => `a source has no ${String(issue.path?.[issue.path.length - 1]?.key ?? 'content')}`,
);

const SourcesSchema = v.pipe(v.array(SourceSchema, 'its sources must be a list'), v.maxLength(2, 'it carries more than the two sources a study can have (its data and its model)'));

/**
 * The sources a study file with data carries, decoded and checked against `setup` (which must name
 * each one, with its kind). Their fingerprints are checked by `checkSourceFingerprints` (async).
 */
export function readSources(raw: JSONValue | undefined, setup: unknown): DataSource[] {
  const parsed = v.safeParse(SourcesSchema, raw ?? []);
  if (!parsed.success) throw new StudyFileError(`the file’s data is damaged: ${parsed.issues[0].message}`);
  const wanted = sourceReferences(setup);
  const seen = new Set<string>();
  return parsed.output.map((source) => {
    const reference = wanted.find((w) => w.fingerprint === source.fingerprint);
    if (reference === undefined || reference.kind !== source.kind) {
      throw new StudyFileError(`the file carries data the study does not use: ${source.kind} “${source.name}” (fingerprint ${shortFingerprint(source.fingerprint)})`);
    }
    if (seen.has(source.fingerprint)) throw new StudyFileError(`the file carries “${source.name}” twice`);
    seen.add(source.fingerprint);
    const files: PickedSourceFile[] = source.files.map((file) => {
      const bytes = decodeBase64(file.base64);
      if (bytes === null) throw new StudyFileError(`the file’s data is damaged: ${file.path} of “${source.name}” is not valid base64`);
      return { path: file.path, data: new Blob([bytes], { type: file.type }) };
    });
    const total = files.reduce((sum, f) => sum + f.data.size, 0);
    if (total !== source.bytes) {
      throw new StudyFileError(`the file’s data is damaged: “${source.name}” should hold ${describeBytes(source.bytes)}, its files hold ${describeBytes(total)}`);
    }
    return { kind: source.kind, name: source.name, fingerprint: source.fingerprint, bytes: source.bytes, files };
  });
}

/** Checks each source's files against the fingerprint it claims (SHA-256 recomputed); refuses the first that differs. */
export async function checkSourceFingerprints(sources: readonly DataSource[], fingerprint: (files: readonly PickedSourceFile[]) => Promise<string>): Promise<void> {
  for (const source of sources) {
    const actual = await fingerprint(source.files);
    if (actual !== source.fingerprint) {
      throw new StudyFileError(
        `the file’s data “${source.name}” has fingerprint ${shortFingerprint(actual)}, but the study needs ${shortFingerprint(source.fingerprint)}: the data was changed after it was exported`,
      );
    }
  }
}
