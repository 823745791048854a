import { describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tuner';

describe('study smoke', () => {
  it('asks and tells', () => {
    const study = createStudy({ space: { x: { type: 'float', low: 0, high: 1 } }, sampler: 'random', seed: 1 });
    const { id, params } = study.ask();
    study.tell(id, (params.x as number) ** 2);
    expect(study.best?.id).toBe(0);
  });
});
