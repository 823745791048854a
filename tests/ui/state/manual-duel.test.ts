import { describe, expect, it } from 'vitest';
import { DUEL_OBJECTIVE, ManualDuel } from '../../../src/ui/state/manual-duel.svelte';
import { instantYield } from './fakes';

describe('ManualDuel', () => {
  it('answers each pick with a GP trial and declares a winner after the budget', async () => {
    const duel = new ManualDuel({ yieldToPage: instantYield });
    duel.budget = 3;
    await duel.pick({ x1: Math.PI, x2: 2.275 });
    expect(duel.learnerTrials).toHaveLength(1);
    expect(duel.gpTrials).toHaveLength(1);
    expect(duel.learnerBest).toBeCloseTo(0, 4);
    expect(duel.phase.kind).toBe('your-turn');
    await duel.pick({ x1: 0, x2: 0 });
    await duel.pick({ x1: 5, x2: 5 });
    expect(duel.phase.kind).toBe('done');
    expect(duel.phase.kind === 'done' && duel.phase.verdict).toMatch(/You win/);
    expect(duel.revealed).toBe(true);
    await duel.pick({ x1: 1, x2: 1 });
    expect(duel.learnerTrials).toHaveLength(3);
  });

  it('refuses a point outside the landscape and says why', async () => {
    const duel = new ManualDuel({ yieldToPage: instantYield });
    await duel.pick({ x1: 99, x2: 0 });
    expect(duel.pickError).toMatch(/x1/);
    expect(duel.learnerTrials).toHaveLength(0);
  });

  it('starts over', async () => {
    const duel = new ManualDuel({ yieldToPage: instantYield });
    await duel.pick({ x1: 0, x2: 0 });
    duel.reset();
    expect(duel.learnerTrials).toHaveLength(0);
    expect(duel.gpStudy.trials).toHaveLength(0);
    expect(DUEL_OBJECTIVE.name).toBe('branin');
  });
});
