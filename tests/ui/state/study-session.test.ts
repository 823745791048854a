import { describe, expect, it } from 'vitest';
import { INTERRUPTED_REASON, resumeStudy, createSavedStudy } from '../../../src/ui/persistence';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { StudySession } from '../../../src/ui/state/study-session.svelte';
import { simulatedSessionDeps } from './fakes';

const setup = (changes: Partial<SetupConfig> = {}): SetupConfig =>
  validateSetup({ ...defaultSetup('branin'), strategy: 'random', workers: 2, budget: { trials: 6, minutes: null, epochs: 3 }, ...changes });

describe('StudySession', () => {
  it('runs a study to its trial budget, with lanes, events and a best trial', async () => {
    const session = StudySession.fresh(setup(), simulatedSessionDeps());
    let changes = 0;
    session.onChange(() => changes++);
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished', finish: 'trial-budget' });
    expect(session.trials).toHaveLength(6);
    expect(session.finishedCount).toBe(6);
    expect(session.progress).toBe(1);
    expect(session.best?.state).toBe('complete');
    expect(session.lanes.map((l) => l.slot)).toEqual([0, 1]);
    expect(session.lanes.reduce((n, l) => n + l.finished, 0)).toBe(6);
    expect(session.events.filter((e) => e.type === 'trial-progress')).toHaveLength(18);
    expect(changes).toBeGreaterThan(0);
    expect(session.simulated).toBe(true);
  });

  it('pauses (no new trials) and resumes', async () => {
    // A budget far larger than what runs before the first (timer-driven) refresh, so the pause
    // always lands mid-study, however fast the simulated clock gets through trials.
    const session = StudySession.fresh(setup({ workers: 1, budget: { trials: 80, minutes: null, epochs: 3 } }), simulatedSessionDeps());
    let paused = false;
    let pausedPhase = '';
    let askedWhilePaused = -1;
    session.onChange(() => {
      if (!paused && session.trials.length >= 2) {
        paused = true;
        session.pause();
        pausedPhase = session.phase.kind;
        const asked = session.study.trials.length;
        setTimeout(() => {
          askedWhilePaused = session.study.trials.length - asked;
          session.resume();
        }, 20);
      }
    });
    await session.start();
    expect(paused).toBe(true);
    expect(pausedPhase).toBe('paused');
    expect(askedWhilePaused).toBe(0);
    expect(session.phase).toMatchObject({ kind: 'finished', finish: 'trial-budget' });
    expect(session.trials).toHaveLength(80);
  });

  it('stops: running trials end and the phase says so', async () => {
    const session = StudySession.fresh(setup({ budget: { trials: 50, minutes: null, epochs: 3 } }), simulatedSessionDeps());
    session.onChange(() => {
      if (session.trials.length >= 3) session.stop();
    });
    await session.start();
    expect(session.phase).toMatchObject({ kind: 'finished', finish: 'cancelled' });
    expect(session.trials.every((t) => t.state !== 'running')).toBe(true);
    expect(session.trials.length).toBeLessThan(50);
  });

  it('resumes a saved study: interrupted trials run again first, and only the rest of the budget runs', async () => {
    const first = StudySession.fresh(setup({ workers: 1 }), simulatedSessionDeps());
    first.onChange(() => {
      if (first.trials.length === 3) first.stop();
    });
    await first.start();
    const json = first.toJSON();
    // Pretend the page went away while trial 2 was running.
    const damaged = { ...json, trials: json.trials.map((t) => (t.id === 2 ? { ...t, state: 'running' as const, value: null, endedAt: null, reason: null } : t)) };
    const record = createSavedStudy({ name: 'x', setup: first.setup, study: damaged, status: 'running', now: 0 });
    const interruptedParams = damaged.trials[2]?.params;
    const resumed = StudySession.resumed(record.setup, (sampler, clock) => resumeStudy(record, { sampler, clock }), simulatedSessionDeps(), 1000);
    expect(resumed.trials[2]?.reason).toBe(INTERRUPTED_REASON);
    expect(resumed.trials[2]?.endedAt).toBe(1000);
    const done = resumed.trials.filter((t) => t.state === 'complete').length;
    expect(resumed.remainingTrials).toBe(6 - done - resumed.trials.filter((t) => t.state === 'failed' && t.reason !== INTERRUPTED_REASON).length);
    await resumed.start();
    expect(resumed.trials[json.trials.length]?.params).toEqual(interruptedParams);
    expect(resumed.trials.filter((t) => t.state !== 'failed' || t.reason !== INTERRUPTED_REASON).length).toBeGreaterThanOrEqual(6);
    expect(resumed.finishedCount).toBe(6);
  });

  it('refuses the manual strategy (that is the duel)', () => {
    expect(() => StudySession.fresh(setup({ strategy: 'manual' }), simulatedSessionDeps())).toThrow(/Manual view/);
  });
});
