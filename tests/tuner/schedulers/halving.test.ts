import { describe, expect, it } from 'vitest';
import { addRecord, ranked, topIds, type Rung } from '../../../src/tuner/schedulers/rungs';
import { AshaScheduler, bracketCycle, createStudy, HyperbandScheduler, rungLevels, schedulerContext, type Study } from '../../../src/tuner';
import { drive, SPACE } from './driver';

function startN(study: Study, s: AshaScheduler | HyperbandScheduler, n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = s.next(schedulerContext(study));
    if (d.kind !== 'start') throw new Error(`expected start, got ${d.kind}`);
    ids.push(study.ask({ x: i / n, y: 0.5 }).id);
  }
  return ids;
}

describe('rung levels', () => {
  it('are r·η^k below R', () => {
    expect(rungLevels(1, 3, 27)).toEqual([1, 3, 9]);
    expect(rungLevels(2, 2, 16)).toEqual([2, 4, 8]);
    expect(rungLevels(5, 3, 5)).toEqual([]);
  });
});

describe('ASHA', () => {
  it('promotes exactly the top 1/η of a rung, best first', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const asha = new AshaScheduler({ maxEpochs: 9, reductionFactor: 3 });
    const ids = startN(study, asha, 9);
    const losses = [0.9, 0.2, 0.7, 0.1, 0.8, 0.5, 0.3, 0.6, 0.4];
    for (const id of ids) {
      study.report(id, 1, losses[id] as number);
      expect(asha.onResult(schedulerContext(study), id, 1).kind).toBe('pause');
    }
    const promoted: number[] = [];
    for (;;) {
      const d = asha.next(schedulerContext(study, false));
      if (d.kind !== 'resume') break;
      expect(d.fromEpoch).toBe(1);
      expect(d.untilEpoch).toBe(3);
      promoted.push(d.trialId);
    }
    expect(promoted).toEqual([3, 1, 6]);
    expect(asha.pausedTrials()).toEqual([0, 2, 4, 5, 7, 8]);
  });

  it('promotes asynchronously: one of the first η arrivals goes on before the rung is full', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const asha = new AshaScheduler({ maxEpochs: 9, reductionFactor: 3 });
    const ids = startN(study, asha, 3);
    ids.forEach((id, i) => {
      study.report(id, 1, [0.5, 0.1, 0.9][i] as number);
      asha.onResult(schedulerContext(study), id, 1);
    });
    const d = asha.next(schedulerContext(study));
    expect(d).toMatchObject({ kind: 'resume', trialId: 1, untilEpoch: 3 });
  });

  it('in stopping mode stops trials outside the top ⌈n/η⌉ and lets the others run to R', () => {
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const asha = new AshaScheduler({ maxEpochs: 9, reductionFactor: 3, mode: 'stopping' });
    const ids = startN(study, asha, 3);
    const kinds = ids.map((id, i) => {
      study.report(id, 1, [0.5, 0.1, 0.9][i] as number);
      return asha.onResult(schedulerContext(study), id, 1).kind;
    });
    expect(kinds).toEqual(['continue', 'continue', 'stop']);
  });

  it('gives more epochs to better configurations on a synthetic task', () => {
    const { study } = drive(() => new AshaScheduler({ maxEpochs: 9 }), { maxTrials: 18, seed: 2 });
    const full = study.trials.filter((t) => t.state === 'complete');
    const stopped = study.trials.filter((t) => t.state === 'pruned' && (t.intermediate.at(-1)?.step ?? 0) === 1);
    expect(full.length).toBeGreaterThan(0);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const at1 = (ts: typeof full) => mean(ts.map((t) => t.intermediate[0]?.value as number));
    expect(at1(full)).toBeLessThan(at1(stopped));
  });
});

describe('Hyperband', () => {
  it('cycles brackets in Hyperband proportions, each starting at its own rung', () => {
    expect(bracketCycle(2, 3, 3).length).toBe(9 + 5 + 3);
    const study = createStudy({ space: SPACE, sampler: 'random', seed: 1 });
    const hb = new HyperbandScheduler({ maxEpochs: 9, reductionFactor: 3 });
    const budgets: number[] = [];
    for (let i = 0; i < 34; i++) {
      const d = hb.next(schedulerContext(study));
      if (d.kind !== 'start') throw new Error(d.kind);
      budgets.push(d.untilEpoch);
      study.ask({ x: 0.5, y: 0.5 });
    }
    const brackets = budgets.map((_, id) => hb.bracketOf(id) as number);
    expect(brackets.slice(17)).toEqual(brackets.slice(0, 17));
    const count = (s: number) => brackets.slice(0, 17).filter((b) => b === s).length;
    expect([count(0), count(1), count(2)]).toEqual([9, 5, 3]);
    brackets.forEach((s, id) => expect(budgets[id]).toBe([1, 3, 9][s]));
    expect(new Set(brackets.slice(0, 3)).size).toBeGreaterThan(1);
  });

  it('keeps rungs per bracket: a trial is only compared within its bracket', () => {
    const { scheduler } = drive(() => new HyperbandScheduler({ maxEpochs: 9 }), { maxTrials: 20, seed: 4 });
    const hb = scheduler as HyperbandScheduler;
    for (let s = 0; s < 3; s++) for (const rung of hb.rungs(s)) for (const r of rung.records) expect(hb.bracketOf(r.trialId)).toBe(s);
    expect(hb.rungs(2)).toEqual([]);
  });
});

describe('rung rankings', () => {
  it('topIds stays the plain ranking while records are added and replaced (the ranking is kept between calls)', () => {
    const rung: Rung = { epoch: 1, records: [], promoted: [] };
    const losses = [0.5, 0.2, Number.NaN, 0.2, 0.9, 0.1, 0.3, Number.POSITIVE_INFINITY, 0.05, 0.4];
    losses.forEach((loss, id) => {
      addRecord(rung, id, loss);
      expect(topIds(rung, 1, 'promotion')).toEqual(ranked(rung.records).map((r) => r.trialId));
    });
    addRecord(rung, 5, 0.95);
    expect(topIds(rung, 2, 'stopping')).toEqual(ranked(rung.records).slice(0, 5).map((r) => r.trialId));
    expect(topIds(rung, 1, 'promotion')).toEqual([8, 1, 3, 6, 9, 0, 4, 5, 2, 7]);
  });
});
