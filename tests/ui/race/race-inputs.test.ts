import { describe, expect, it } from 'vitest';
import { MAX_RACE_REPEATS, MAX_RACE_TRIALS } from '../../../src/ui/limits';
import { RaceState } from '../../../src/ui/race/race.svelte';
import { raceInputErrors, raceRefusal, type RaceInputs } from '../../../src/ui/race/race-inputs';
import { instantYield, simulatedSessionDeps } from '../state/fakes';

const good: RaceInputs = { budget: 25, repeats: 3, seed: 1, strategies: ['grid', 'random', 'gp'], synthetic: true };

describe('raceInputErrors', () => {
  it('accepts the landing race and both ends of every range', () => {
    expect(raceInputErrors(good).size).toBe(0);
    expect(raceInputErrors({ ...good, budget: 4, repeats: 1, seed: 0 }).size).toBe(0);
    expect(raceInputErrors({ ...good, budget: MAX_RACE_TRIALS, repeats: MAX_RACE_REPEATS, seed: 2 ** 31 - 1 }).size).toBe(0);
  });

  it.each([
    ['budget', 0, 'Trials each must be a whole number from 4 to 200, got 0.'],
    ['budget', -5, 'Trials each must be a whole number from 4 to 200, got -5.'],
    ['budget', null, 'Trials each is empty: enter a whole number from 4 to 200.'],
    ['budget', 201, 'Trials each must be a whole number from 4 to 200, got 201.'],
    ['budget', 12.5, 'Trials each must be a whole number from 4 to 200, got 12.5.'],
    ['budget', Number.NaN, 'Trials each must be a whole number from 4 to 200, got NaN.'],
    ['repeats', 1000, 'Repeats must be a whole number from 1 to 20, got 1000.'],
    ['repeats', 0, 'Repeats must be a whole number from 1 to 20, got 0.'],
    ['repeats', undefined, 'Repeats is empty: enter a whole number from 1 to 20.'],
    ['seed', -1, 'The seed must be a whole number from 0 to 2147483647, got -1.'],
    ['seed', 2 ** 31, 'The seed must be a whole number from 0 to 2147483647, got 2147483648.'],
    ['seed', '7', 'The seed must be a whole number from 0 to 2147483647, got "7".'],
  ] as const)('refuses %s = %s with a message naming the field and its limits', (field, value, message) => {
    const errors = raceInputErrors({ ...good, [field]: value });
    expect([...errors]).toEqual([[field, message]]);
  });

  it('needs at least one strategy, and ignores repeats on a real task (it races once)', () => {
    expect(raceInputErrors({ ...good, strategies: [] }).get('strategies')).toBe('Choose at least one strategy to race.');
    expect(raceInputErrors({ ...good, repeats: 0, synthetic: false }).size).toBe(0);
  });

  it('sums the errors up in one line', () => {
    expect(raceRefusal(new Map())).toBeNull();
    expect(raceRefusal(raceInputErrors({ ...good, budget: 0 }))).toBe('Cannot race: Trials each must be a whole number from 4 to 200, got 0.');
    expect(raceRefusal(raceInputErrors({ ...good, budget: 0, repeats: 0, seed: -1 }))).toMatch(/^Cannot race: Trials each .* \(and 2 more fields marked in red\)$/);
  });
});

describe('RaceState refuses a race with a wrong input', () => {
  it.each([
    ['budget', 0],
    ['budget', -3],
    ['budget', null],
    ['repeats', 1000],
    ['seed', -1],
  ] as const)('%s = %s: nothing runs and the race says why', async (field, value) => {
    const race = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield });
    (race as unknown as Record<string, unknown>)[field] = value;
    expect(race.refusal).toMatch(/^Cannot race: /);
    await race.run();
    expect(race.phase).toEqual({ kind: 'idle' });
    expect(race.runs).toEqual([]);
  });

  it('refuses a race with no strategy', async () => {
    const race = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield });
    for (const s of race.strategies.slice()) race.toggleStrategy(s, false);
    expect(race.refusal).toBe('Cannot race: Choose at least one strategy to race.');
    await race.run();
    expect(race.phase).toEqual({ kind: 'idle' });
  });
});

describe('RaceState after a race', () => {
  it('labels and curves follow the race that ran, not the fields being edited', async () => {
    const race = new RaceState({ session: simulatedSessionDeps(), yieldToPage: instantYield });
    race.budget = 5;
    race.repeats = 2;
    race.seed = 7;
    await race.run();
    race.budget = 0;
    race.repeats = 1000;
    race.seed = 8;
    expect(race.raced).toEqual({ budget: 5, repeats: 2, strategies: ['grid', 'random', 'gp'], seed: 7 });
    expect(race.trialsTotal).toBe(5 * 3 * 2);
    expect(race.curves.every((c) => c.byTrial.length === 5)).toBe(true);
    // The maps show every run of the race once it is done (handed over a strategy at a time).
    expect(race.mapRuns).toHaveLength(race.runs.length);
    expect(race.mapRuns.every((r) => race.runs.includes(r))).toBe(true);
  });
});
