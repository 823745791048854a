/**
 * Asking for a study's data that is not in this browser (a study imported without its data, or
 * data deleted meanwhile): one source at a time, the user picks the file, folder or model files;
 * their SHA-256 fingerprint is recomputed and only a match is accepted, stored (so a reload finds
 * it) and remembered. A pick that does not match changes nothing and says which fingerprint it has
 * and which the study needs. Once every source is found, `onFound` goes on (the resume).
 *
 *   const request = new MissingDataRequest(await dataSources.missing(setup), { sources: dataSources, onFound: () => app.resume(id) });
 *   await request.supply(filesFromInput(input.files));   // false, with `refusal` set, for the wrong data
 */
import type { PickedSourceFile } from '../../training';
import { shortFingerprint, type DataSource } from '../persistence';
import type { DataSources, MissingDataError } from './data-sources.svelte';

export interface MissingDataDeps {
  readonly sources: Pick<DataSources, 'fingerprint' | 'store' | 'remember'>;
  /** Called once every missing source has been found. */
  readonly onFound: () => void | Promise<void>;
}

export class MissingDataRequest {
  /** The sources still missing, the one asked for first. */
  missing = $state.raw<readonly MissingDataError[]>([]);
  /** Why the last pick was refused, or a note about it; null when none. */
  refusal = $state<string | null>(null);
  /** A note that does not stop the study (the data could be used but not stored). */
  note = $state<string | null>(null);
  busy = $state(false);

  constructor(
    missing: readonly MissingDataError[],
    private readonly deps: MissingDataDeps,
  ) {
    this.missing = missing;
  }

  /** The source asked for now; null once all are found. */
  get current(): MissingDataError | null {
    return this.missing[0] ?? null;
  }

  /**
   * Checks picked files against the source asked for: a match is stored and remembered (true); any
   * other pick is refused (false) with `refusal` naming both fingerprints, and nothing changes.
   */
  async supply(files: readonly PickedSourceFile[]): Promise<boolean> {
    const wanted = this.current;
    if (wanted === null || this.busy) return false;
    if (files.length === 0) {
      this.refusal = 'No files were chosen.';
      return false;
    }
    this.busy = true;
    try {
      let fingerprint: string;
      try {
        fingerprint = await this.deps.sources.fingerprint(files);
      } catch (error) {
        this.refusal = `${pickName(files)} could not be read: ${error instanceof Error ? error.message : String(error)}`;
        return false;
      }
      if (fingerprint !== wanted.fingerprint) {
        this.refusal = `${pickName(files)} has fingerprint ${shortFingerprint(fingerprint)}, the study needs ${shortFingerprint(wanted.fingerprint)} (${wanted.dataName}): choose the same data the study was run on.`;
        return false;
      }
      const source: DataSource = { kind: wanted.source, name: wanted.dataName, fingerprint, bytes: files.reduce((sum, f) => sum + f.data.size, 0), files };
      this.refusal = null;
      try {
        await this.deps.sources.store(source);
      } catch (error) {
        this.deps.sources.remember(source);
        this.note = `${wanted.dataName} is used for this visit only, since it could not be stored in this browser: ${error instanceof Error ? error.message : String(error)}`;
      }
      this.missing = this.missing.slice(1);
    } finally {
      this.busy = false;
    }
    if (this.missing.length === 0) await this.deps.onFound();
    return true;
  }
}

/** How a pick is named in messages: its one file, or the folder its files are in. */
export function pickName(files: readonly PickedSourceFile[]): string {
  const first = files[0]?.path ?? '';
  if (files.length === 1) return first;
  const slash = first.indexOf('/');
  return slash === -1 ? `the ${files.length} files chosen` : first.slice(0, slash);
}
