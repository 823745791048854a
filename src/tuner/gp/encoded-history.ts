/**
 * A study's history as the GP reads it: encoded inputs, losses, and the keys of every point asked.
 *
 * `encodeHistory` builds it from scratch; `HistoryCache` keeps one up to date across suggestions,
 * encoding only trials it has not seen (trials are appended and only ever change once, from running
 * to finished), so per-suggestion work over a history of N trials is a scan of N references, not N
 * encodings. Both give the same `EncodedHistory` for the same trials.
 *
 * Notation
 *   N          trials in the history (any state)
 *   observed   complete trials with a finite value: (id, x, loss), best first, ties by id
 *   failed     failed trials and complete ones without a finite value: (id, x), by id
 *   pending    running trials' x, by id
 */
import { paramsKey } from '../space/encode';
import type { Params, SearchSpace } from '../space/types';
import { historyKindOf, type HistoryKind } from '../trial/history';
import type { SliceMark } from '../slices';
import { lossOf, type Direction, type Trial } from '../trial/trial';
import type { GpEncoding } from './search-space';

export interface EncodedRow {
  readonly id: number;
  readonly x: Float64Array;
  /** Loss (objective turned into a minimisation); NaN for failed rows. */
  readonly loss: number;
}

export interface EncodedHistory {
  readonly observed: readonly EncodedRow[];
  readonly failed: readonly EncodedRow[];
  readonly pending: readonly Float64Array[];
  /** N: trials in the history. */
  readonly size: number;
}

const byLossThenId = (a: EncodedRow, b: EncodedRow): number => (a.loss < b.loss ? -1 : a.loss > b.loss ? 1 : a.id - b.id);

/** The encoded history of `trials`, from scratch. */
export function encodeHistory(enc: GpEncoding, direction: Direction, trials: readonly Trial[]): EncodedHistory {
  const observed: EncodedRow[] = [];
  const failed: EncodedRow[] = [];
  const pending: Float64Array[] = [];
  trials.forEach((t, i) => {
    const kind = historyKindOf(t);
    if (kind === 'observed') observed.push({ id: i, x: enc.encode(t.params), loss: lossOf(t.value as number, direction) });
    else if (kind === 'failed') failed.push({ id: i, x: enc.encode(t.params), loss: Number.NaN });
    else if (kind === 'pending') pending.push(enc.encode(t.params));
  });
  observed.sort(byLossThenId);
  return { observed, failed, pending, size: trials.length };
}

interface Entry {
  readonly params: Params;
  readonly x: Float64Array;
  kind: HistoryKind;
}

/** Trials encoded between two slice marks when the cache catches up on a long history. */
const ENCODE_CHUNK = 512;

/** An `EncodedHistory` kept up to date incrementally, plus the set of asked points' keys. */
export class HistoryCache {
  private space: SearchSpace | null = null;
  private direction: Direction | null = null;
  private entries: Entry[] = [];
  private observed: EncodedRow[] = [];
  private failed: EncodedRow[] = [];
  private readonly keys = new Set<string>();

  /** Every asked point's key (paramsKey), after the last `update`. */
  get taken(): ReadonlySet<string> {
    return this.keys;
  }

  /** Brings the cache up to `trials` (yielding while it encodes many) and returns the history. */
  *update(space: SearchSpace, enc: GpEncoding, direction: Direction, trials: readonly Trial[]): Generator<SliceMark, EncodedHistory, void> {
    if (space !== this.space || direction !== this.direction || trials.length < this.entries.length) this.reset(space, direction);
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i] as Entry;
      const t = trials[i] as Trial;
      if (t.params !== entry.params) {
        // Not the history this cache has seen: start over.
        this.reset(space, direction);
        break;
      }
      const kind = historyKindOf(t);
      if (kind === entry.kind) continue;
      if (entry.kind !== 'pending') {
        this.reset(space, direction);
        break;
      }
      entry.kind = kind;
      this.place(i, t, entry, direction);
    }
    // New trials: appended in id order, so only the observed rows need sorting (once, when many).
    const many = trials.length - this.entries.length > ENCODE_CHUNK;
    for (let i = this.entries.length; i < trials.length; i++) {
      const t = trials[i] as Trial;
      const entry: Entry = { params: t.params, x: enc.encode(t.params), kind: historyKindOf(t) };
      this.entries.push(entry);
      this.keys.add(paramsKey(space, t.params));
      if (many && entry.kind === 'observed') this.observed.push({ id: i, x: entry.x, loss: lossOf(t.value as number, direction) });
      else this.place(i, t, entry, direction);
      if ((i + 1) % ENCODE_CHUNK === 0) yield { phase: 'history', work: ENCODE_CHUNK * 200 };
    }
    if (many) {
      this.observed.sort(byLossThenId);
      yield { phase: 'history', work: 30 * this.observed.length };
    }
    const pending: Float64Array[] = [];
    for (const e of this.entries) if (e.kind === 'pending') pending.push(e.x);
    return { observed: this.observed, failed: this.failed, pending, size: trials.length };
  }

  private reset(space: SearchSpace, direction: Direction): void {
    this.space = space;
    this.direction = direction;
    this.entries = [];
    this.observed = [];
    this.failed = [];
    this.keys.clear();
  }

  /** Inserts trial i into the observed (by loss, then id) or failed (by id) rows. */
  private place(i: number, t: Trial, entry: Entry, direction: Direction): void {
    if (entry.kind === 'observed') {
      const row = { id: i, x: entry.x, loss: lossOf(t.value as number, direction) };
      this.observed.splice(insertionPoint(this.observed, (r) => byLossThenId(r, row) < 0), 0, row);
    } else if (entry.kind === 'failed') {
      this.failed.splice(insertionPoint(this.failed, (r) => r.id < i), 0, { id: i, x: entry.x, loss: Number.NaN });
    }
  }
}

/** The first index whose row does not satisfy `before` (rows satisfying it come first). */
function insertionPoint(rows: readonly EncodedRow[], before: (r: EncodedRow) => boolean): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(rows[mid] as EncodedRow)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
