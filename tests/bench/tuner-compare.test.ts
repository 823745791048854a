import { describe, expect, it } from 'vitest';
import { createRng, validateParams, validateSpace, type Params } from '../../src/tuner';
import { BENCH_FUNCTIONS } from '../../bench/tuner/functions';
import { HEAVY_TAILED_FUNCTIONS, heavyRosenbrock, SPARSE_FUNCTIONS } from '../../bench/tuner/hard-functions';
import { ourAsker, runLoop, type Asked, type Asker } from '../../bench/tuner/loop';
import { mannWhitneyLess, normalCdf } from '../../bench/tuner/rank-test';
import { parseReply, PeerProtocolError } from '../../bench/tuner/peers/protocol';
import { PeerProcess } from '../../bench/tuner/peers/client';

const branin = BENCH_FUNCTIONS.find((f) => f.name === 'branin')!;

describe('the one-sided Mann–Whitney U test', () => {
  it('matches the normal approximation by hand: separated samples', () => {
    // U_a = 0, μ = 4.5, σ² = 9/12 · 7 = 5.25, z = (0 − 4.5 + 0.5)/√5.25
    const t = mannWhitneyLess([1, 2, 3], [4, 5, 6]);
    expect(t.u).toBe(0);
    expect(t.p).toBeCloseTo(0.0404278, 5);
    expect(mannWhitneyLess([4, 5, 6], [1, 2, 3]).p).toBeGreaterThan(0.95);
  });

  it('mid-ranks ties and corrects the variance for them', () => {
    // pooled: five zeros (mid-rank 3), then 1, 2, 3; R_a = 15, U_a = 5; σ² = 16/12 · (9 − 120/56)
    const t = mannWhitneyLess([0, 0, 0, 1], [0, 0, 2, 3]);
    expect(t.u).toBe(5);
    expect(t.p).toBeCloseTo(0.2041760, 5);
  });

  it('gives p = 1 when every value is tied, and rejects empty samples or NaN', () => {
    expect(mannWhitneyLess([0, 0], [0, 0, 0]).p).toBe(1);
    expect(() => mannWhitneyLess([], [1])).toThrow(/non-empty/);
    expect(() => mannWhitneyLess([Number.NaN], [1])).toThrow(/NaN/);
  });

  it('Φ is the standard normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
  });
});

/** An asker that suggests Branin's points from a seeded RNG and logs every call. */
function loggingAsker(limit = Number.POSITIVE_INFINITY): { asker: Asker; log: string[] } {
  const rng = createRng(3);
  const log: string[] = [];
  let next = 0;
  const asker: Asker = {
    ask: async (): Promise<Asked | null> => {
      if (next >= limit) return null;
      log.push(`ask ${next}`);
      return { id: next++, params: { x1: -5 + 15 * rng.next(), x2: 15 * rng.next() }, ms: 1 };
    },
    tell: async (id) => void log.push(`tell ${id}`),
    close: async () => void log.push('close'),
  };
  return { asker, log };
}

describe('the ask/tell loop with trials outstanding', () => {
  it('asks 4, then tells the oldest and asks one more, and tells every trial once', async () => {
    const { asker, log } = loggingAsker();
    const run = await runLoop('test', asker, branin, 0, 7, 4);
    expect(log).toEqual(['ask 0', 'ask 1', 'ask 2', 'ask 3', 'tell 0', 'ask 4', 'tell 1', 'ask 5', 'tell 2', 'ask 6', 'tell 3', 'tell 4', 'tell 5', 'tell 6', 'close']);
    expect(run.regret).toHaveLength(7);
    expect(run.askMs).toHaveLength(7);
    for (let t = 1; t < 7; t++) expect(run.regret[t]!).toBeLessThanOrEqual(run.regret[t - 1]!);
    expect(run.exhaustedAfter).toBeNull();
  });

  it('is the plain sequential loop with one outstanding', async () => {
    const { asker, log } = loggingAsker();
    await runLoop('test', asker, branin, 0, 3, 1);
    expect(log).toEqual(['ask 0', 'tell 0', 'ask 1', 'tell 1', 'ask 2', 'tell 2', 'close']);
  });

  it('carries the last regret forward when the sampler runs out', async () => {
    const { asker } = loggingAsker(3);
    const run = await runLoop('test', asker, branin, 0, 6, 2);
    expect(run.exhaustedAfter).toBe(3);
    expect(run.regret.slice(3)).toEqual([run.regret[2], run.regret[2], run.regret[2]]);
  });

  it('rejects a bad outstanding count', async () => {
    await expect(runLoop('test', loggingAsker().asker, branin, 0, 3, 0)).rejects.toThrow(/outstanding/);
  });

  it('runs GP-EI with 4 outstanding, deterministically for a seed', async () => {
    const a = await runLoop('gp', ourAsker('gp', branin, 1), branin, 1, 12, 4);
    const b = await runLoop('gp', ourAsker('gp', branin, 1), branin, 1, 12, 4);
    expect(a.regret).toEqual(b.regret);
    expect(a.regret.every((r) => r >= 0)).toBe(true);
  });
});

describe('the harder functions', () => {
  it('reach f* at their minimisers, nowhere lower, and only their active dimensions matter', () => {
    for (const fn of [...SPARSE_FUNCTIONS, ...HEAVY_TAILED_FUNCTIONS]) {
      const space = validateSpace(fn.space);
      for (const x of fn.minimisers) {
        validateParams(space, x);
        expect(Math.abs(fn.value(x) - fn.fStar)).toBeLessThan(1e-4);
      }
      const rng = createRng(5);
      for (let i = 0; i < 500; i++) {
        const p: Record<string, number> = {};
        for (const [name, def] of Object.entries(fn.space)) if (def.type === 'float') p[name] = def.low + rng.next() * (def.high - def.low);
        expect(fn.value(p)).toBeGreaterThan(fn.fStar - 1e-9);
      }
    }
    const h10 = SPARSE_FUNCTIONS[0]!;
    const x = h10.minimisers[0]!;
    expect(h10.value({ ...x, u1: 0, u4: 1, u6: 0.1, u9: 0.9 })).toBeCloseTo(h10.fStar, 4);
  });

  it('the heavy-tailed function spans 1e2 to 1e7', () => {
    expect(heavyRosenbrock([1, 1, 1, 1])).toBeCloseTo(100, 9);
    expect(heavyRosenbrock([-2, -2, -2, -2])).toBeCloseTo(1e7, -1);
  });
});

describe('the peer protocol parser', () => {
  it('reads every reply kind', () => {
    expect(parseReply('{"kind":"ready","optuna":"3.1.0"}')).toEqual({ kind: 'ready', optuna: '3.1.0' });
    expect(parseReply('{"kind":"unavailable","reason":"no module"}')).toEqual({ kind: 'unavailable', reason: 'no module' });
    expect(parseReply('{"kind":"created","study":"s0"}')).toEqual({ kind: 'created', study: 's0' });
    expect(parseReply('{"kind":"told","study":"s0"}')).toEqual({ kind: 'told', study: 's0' });
    expect(parseReply('{"kind":"closed","study":"s0"}')).toEqual({ kind: 'closed', study: 's0' });
    expect(parseReply('{"kind":"error","message":"boom"}')).toEqual({ kind: 'error', message: 'boom' });
    const asked = parseReply('{"kind":"asked","study":"s0","number":3,"params":{"a":1.5,"b":"relu","c":true},"ms":0.7}');
    expect(asked).toEqual({ kind: 'asked', study: 's0', number: 3, params: { a: 1.5, b: 'relu', c: true }, ms: 0.7 });
  });

  it('names what is wrong with a bad line', () => {
    expect(() => parseReply('not json')).toThrow(PeerProtocolError);
    expect(() => parseReply('[1]')).toThrow(/not an object/);
    expect(() => parseReply('{"kind":"nope"}')).toThrow(/unknown kind "nope"/);
    expect(() => parseReply('{"kind":"asked","study":"s0","number":-1,"params":{},"ms":1}')).toThrow(/"number" must be a trial number/);
    expect(() => parseReply('{"kind":"asked","study":"s0","number":1,"params":{"a":null},"ms":1}')).toThrow(/"params"/);
    expect(() => parseReply('{"kind":"ready"}')).toThrow(/"optuna"/);
  });
});

describe('starting a peer process', () => {
  it('answers unavailable, with the reason, when the interpreter cannot run', async () => {
    const started = await PeerProcess.start('/nonexistent/python3');
    expect(started.kind).toBe('unavailable');
    if (started.kind === 'unavailable') expect(started.reason).toMatch(/nonexistent/);
  });
});

// Real Optuna: scripts/ensure-optuna.sh (run before the tests) installs Debian's python3-optuna.
describe('the Optuna peer process', () => {
  it('runs a TPE study on a mixed space through the loop, every suggestion inside the space', async () => {
    const started = await PeerProcess.start();
    if (started.kind !== 'ready') throw new Error(started.reason);
    const peer = started.peer;
    try {
      const mixed = BENCH_FUNCTIONS.find((f) => f.name === 'mixed')!;
      const space = validateSpace(mixed.space);
      const seen: Params[] = [];
      const study = await peer.createStudy('tpe-constant-liar', 7, mixed.space);
      const asker: Asker = {
        ask: async () => {
          const a = await study.ask();
          seen.push(a.params);
          return a;
        },
        tell: (id, value) => study.tell(id, value),
        close: () => study.close(),
      };
      const run = await runLoop('optuna tpe-constant-liar', asker, mixed, 0, 8, 2);
      expect(run.regret).toHaveLength(8);
      expect(seen).toHaveLength(8);
      for (const p of seen) expect(() => validateParams(space, p)).not.toThrow();
      await expect(peer.request({ op: 'ask', study: 'missing' })).resolves.toEqual({ kind: 'error', message: "ValueError: no study 'missing'" });
    } finally {
      peer.close();
    }
  });
});
