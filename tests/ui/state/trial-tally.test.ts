import { describe, expect, it } from 'vitest';
import { bestTrial, type Trial } from '../../../src/tuner';
import { isInterrupted } from '../../../src/ui/state/session-phase';
import { TrialTally } from '../../../src/ui/state/trial-tally';

/** A seeded value in [0, 1). */
function unit(i: number): number {
  const x = Math.sin(i * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function version(id: number, step: number): Trial {
  const r = unit(id * 7 + step);
  const state: Trial['state'] = step === 0 ? 'running' : r < 0.6 ? 'complete' : r < 0.75 ? 'pruned' : 'failed';
  const value = state === 'complete' ? Math.round(10 * unit(id * 13 + step)) : null;
  const reason = state === 'failed' ? (r < 0.8 ? 'interrupted by a reload' : 'diverged') : null;
  const constraints = id % 9 === 0 ? { c: r - 0.5 } : undefined;
  return { id, params: {}, state, value, intermediate: [], startedAt: 100 + id, endedAt: step === 0 ? null : 200 + id + step, reason, ...(constraints === undefined ? {} : { constraints }) };
}

describe('TrialTally', () => {
  it('agrees with a full walk after every batch, replacements of the best included', () => {
    const tally = new TrialTally('minimize');
    let shown: Trial[] = [];
    for (let batch = 0; batch < 120; batch++) {
      const next = shown.slice();
      // New trials, running ones that finish, and now and then a finished one replaced (as a read-only view does).
      for (let k = 0; k < 3; k++) next.push(version(next.length, 0));
      for (const t of shown) if (t.state === 'running' && unit(t.id + batch) < 0.5) next[t.id] = version(t.id, 1);
      const best = bestTrial(next, 'minimize');
      if (batch % 10 === 9 && best !== null) next[best.id] = version(best.id, 2 + batch);
      const changed = next.filter((t, i) => t !== shown[i]);
      for (const t of changed) tally.update(shown[t.id], t);
      shown = next;
      expect(tally.finished).toBe(shown.filter((t) => t.state !== 'running' && !isInterrupted(t)).length);
      expect(tally.complete).toBe(shown.filter((t) => t.state === 'complete').length);
      expect(tally.bestOf(shown)).toBe(bestTrial(shown, 'minimize'));
      expect(tally.firstStartMs).toBe(100);
      expect(tally.lastTimeMs).toBe(Math.max(...shown.map((t) => t.endedAt ?? t.startedAt)));
    }
  });

  it('keeps the first of equally good trials as best, as bestTrial does', () => {
    const tally = new TrialTally('maximize');
    const a: Trial = { id: 3, params: {}, state: 'complete', value: 5, intermediate: [], startedAt: 0, endedAt: 1, reason: null };
    const b: Trial = { ...a, id: 1 };
    tally.update(undefined, a);
    tally.update(undefined, b);
    expect(tally.bestOf([b, a])?.id).toBe(1);
  });
});
