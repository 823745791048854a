/**
 * Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32.
 *
 * Every random choice in the engine goes through an `Rng`, so the same seed gives the same run.
 * `deriveSeed(a, b, …)` hashes several integers into one seed, e.g. (study seed, trial id), so a
 * sampler's draw for a trial depends only on the study's seed and that trial's id.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [low, highExclusive). */
  int(low: number, highExclusive: number): number;
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes integers into one 32-bit seed (order matters). */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const next = splitmix32((h ^ (Math.trunc(part) >>> 0)) >>> 0);
    h = (next() ^ Math.imul(h, 0x01000193)) >>> 0;
    const hi = Math.floor(Math.abs(part) / 2 ** 32);
    if (hi > 0) h = (splitmix32(h ^ hi)() ^ h) >>> 0;
  }
  return h >>> 0;
}

/** A seeded pseudo-random generator (any finite seed; the same seed gives the same sequence). */
export function createRng(seed: number): Rng {
  const init = splitmix32(deriveSeed(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1;
  let spareNormal: number | null = null;

  const nextUint = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const rng: Rng = {
    next: () => {
      // 53 random bits, so every float in [0, 1) on a 2^-53 grid is reachable.
      const hi = nextUint() >>> 5;
      const lo = nextUint() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
    normal: () => {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return z;
      }
      let u = 0;
      let v = 0;
      let s = 0;
      do {
        u = 2 * rng.next() - 1;
        v = 2 * rng.next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * Math.log(s)) / s);
      spareNormal = v * m;
      return u * m;
    },
    int: (low, highExclusive) => {
      if (!(highExclusive > low)) throw new RangeError(`rng.int: empty range [${low}, ${highExclusive})`);
      return low + Math.floor(rng.next() * (highExclusive - low));
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        const tmp = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = tmp;
      }
      return out;
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
