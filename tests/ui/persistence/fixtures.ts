/** Shared fixtures: a Branin setup and a study with every trial state. */
import { createStudy, type Study } from '../../../src/tuner';
import { defaultSetup, validateSetup, type SetupConfig } from '../../../src/ui/setup/setup-config';
import { createSavedStudy, type SavedStudyRecord, type StudyStatus } from '../../../src/ui/persistence';

export function braninSetup(overrides: Partial<SetupConfig> = {}): SetupConfig {
  return validateSetup({ ...defaultSetup('branin'), strategy: 'random', ...overrides });
}

export function steppingClock(start = 1_700_000_000_000, step = 250): () => number {
  let t = start - step;
  return () => (t += step);
}

/**
 * Trials: 0 complete (3), 1 failed, 2 complete (1.5), 3 pruned, 4 running, 5 running.
 * Intermediate values on 0, 2 and 4.
 */
export function busyStudy(setup: SetupConfig = braninSetup()): Study {
  const study = createStudy({ space: setup.space, sampler: 'random', seed: 7, name: 'busy', clock: steppingClock() });
  const ids = Array.from({ length: 6 }, () => study.ask().id);
  study.report(0, 1, 5);
  study.report(0, 2, 3);
  study.tell(0, 3);
  study.tell(1, { state: 'failed', reason: 'out of memory' });
  study.report(2, 1, 1.5);
  study.tell(2, 1.5);
  study.tell(3, { state: 'pruned', reason: 'below median' });
  study.report(4, 1, 9);
  if (ids.length !== 6) throw new Error('fixture: expected six trials');
  return study;
}

export function savedRecord(options: { id?: string; name?: string; now?: number; status?: StudyStatus; study?: Study } = {}): SavedStudyRecord {
  const setup = braninSetup();
  return createSavedStudy({
    id: options.id ?? 'study-1',
    name: options.name ?? 'Branin run',
    setup,
    study: (options.study ?? busyStudy(setup)).toJSON(),
    status: options.status ?? 'running',
    now: options.now ?? 1_700_000_000_000,
    extra: { race: [{ strategy: 'gp', best: 0.4 }] },
  });
}
