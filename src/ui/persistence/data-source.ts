/**
 * The user's own data as the page keeps it: a source (a table, an image folder or a tfjs model) is
 * its files with their paths, named and identified by the SHA-256 fingerprint of those files. A
 * study's setup names its sources by fingerprint only (setup.data.fingerprint, and
 * setup.data.model.fingerprint for the user's own model); the bytes live in IndexedDB's `datasets`
 * store, one record per fingerprint, shared by every study on the same data.
 *
 *   const record = storedSource(source, Date.now());   // what the `datasets` store holds
 *   sourceFingerprints(header.setup);                   // ["ab12…", "cd34…"]: what a study refers to
 */
import type { PickedSourceFile } from '../../training';
import type { StudySummary } from './study-summary';

export const DATA_SOURCE_KINDS = ['table', 'images', 'model'] as const;
/** A table (one CSV/TSV file), an image folder (one sub-folder per class), or a tfjs model (model.json + weight files). */
export type DataSourceKind = (typeof DATA_SOURCE_KINDS)[number];

/** A source of user data, its bytes in Blobs (picked this visit, read from IndexedDB, or from a study file). */
export interface DataSource {
  readonly kind: DataSourceKind;
  /** The file, folder or model.json name as picked. */
  readonly name: string;
  /** SHA-256 (hex) of the files (the data-prep worker's `fingerprint`). */
  readonly fingerprint: string;
  /** Sum of the files' sizes. */
  readonly bytes: number;
  readonly files: readonly PickedSourceFile[];
}

/** One file of a stored source. */
export interface StoredSourceFile {
  readonly path: string;
  /** The Blob's media type as picked ('' when the browser gave none). */
  readonly type: string;
  readonly data: Blob;
}

/** A record of the `datasets` store (keyPath fingerprint). */
export interface StoredDataSource {
  readonly fingerprint: string;
  readonly kind: DataSourceKind;
  readonly name: string;
  readonly bytes: number;
  readonly files: readonly StoredSourceFile[];
  /** Unix ms. */
  readonly storedAt: number;
}

/** A stored source without its bytes, and which saved studies refer to it. */
export interface DataSourceSummary {
  readonly fingerprint: string;
  readonly kind: DataSourceKind;
  readonly name: string;
  readonly bytes: number;
  readonly storedAt: number;
  /** Ids of the saved studies whose setup names this source. */
  readonly usedBy: readonly string[];
}

export function isDataSourceKind(value: unknown): value is DataSourceKind {
  return (DATA_SOURCE_KINDS as readonly unknown[]).includes(value);
}

/** The record the `datasets` store keeps for `source`. */
export function storedSource(source: DataSource, now: number): StoredDataSource {
  return {
    fingerprint: source.fingerprint,
    kind: source.kind,
    name: source.name,
    bytes: source.bytes,
    files: source.files.map((file) => ({ path: file.path, type: file.data.type, data: file.data })),
    storedAt: now,
  };
}

/** A stored record as a source again (each Blob typed as it was picked). */
export function sourceOfRecord(record: StoredDataSource): DataSource {
  return {
    kind: record.kind,
    name: record.name,
    fingerprint: record.fingerprint,
    bytes: record.bytes,
    files: record.files.map((file) => ({ path: file.path, data: file.data.type === file.type ? file.data : new Blob([file.data], { type: file.type }) })),
  };
}

/** What a source needs checked before it is stored; null when it is fine. */
export function sourceProblem(source: DataSource): string | null {
  if (source === null || typeof source !== 'object') return 'a data source must be an object';
  if (!isDataSourceKind(source.kind)) return `unknown kind of data ${String(source.kind)}`;
  if (typeof source.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(source.fingerprint)) return 'its fingerprint must be a SHA-256 in hex';
  if (!Array.isArray(source.files) || source.files.length === 0) return 'it has no files';
  if (!source.files.every((f) => typeof f?.path === 'string' && f.data instanceof Blob)) return 'each file needs a path and its bytes (a Blob)';
  return null;
}

/** The source a study refers to: its kind, name and fingerprint. */
export interface SourceReference {
  readonly kind: DataSourceKind;
  readonly name: string;
  readonly fingerprint: string;
}

/**
 * The sources a setup refers to: its table or image folder, and its own model when it tunes one.
 * Read defensively (a stored header may be damaged): anything malformed refers to nothing.
 */
export function sourceReferences(setup: unknown): SourceReference[] {
  const data = field(setup, 'data');
  if (data === undefined) return [];
  const references: SourceReference[] = [];
  const source = field(data, 'source');
  const fingerprint = field(data, 'fingerprint');
  if ((source === 'table' || source === 'images') && typeof fingerprint === 'string') {
    references.push({ kind: source, name: String(field(data, 'name') ?? ''), fingerprint });
  }
  const model = field(data, 'model');
  const modelFingerprint = field(model, 'fingerprint');
  if (field(model, 'kind') === 'user-model' && typeof modelFingerprint === 'string') {
    references.push({ kind: 'model', name: String(field(model, 'name') ?? ''), fingerprint: modelFingerprint });
  }
  return references;
}

/** The fingerprints a setup refers to (see `sourceReferences`). */
export function sourceFingerprints(setup: unknown): string[] {
  return sourceReferences(setup).map((reference) => reference.fingerprint);
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** "abcd1234…": the start of a fingerprint, as messages show it. */
export function shortFingerprint(fingerprint: string): string {
  return `${fingerprint.slice(0, 8)}…`;
}

/**
 * The summaries with each study's size counting the data only it uses (what deleting it frees);
 * data several studies share is freed only with the last of them, so it counts for none.
 */
export function withDataBytes(summaries: readonly StudySummary[], sources: readonly Pick<DataSourceSummary, 'bytes' | 'usedBy'>[]): { summary: StudySummary; dataBytes: number }[] {
  const own = new Map<string, number>();
  for (const source of sources) {
    const [only] = source.usedBy;
    if (source.usedBy.length === 1 && only !== undefined) own.set(only, (own.get(only) ?? 0) + source.bytes);
  }
  return summaries.map((summary) => {
    const dataBytes = own.get(summary.id) ?? 0;
    return { summary: { ...summary, bytes: summary.bytes + dataBytes }, dataBytes };
  });
}
