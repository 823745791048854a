import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/training/serve/backend';

describe('selectBackend (Node: no WebGPU, no OffscreenCanvas)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('falls back to cpu and says why webgpu and webgl were skipped', async () => {
    const { report } = await selectBackend('auto');
    expect(report.backend).toBe('cpu');
    expect(report.skipped).toEqual([
      { backend: 'webgpu', reason: expect.stringMatching(/navigator\.gpu is missing/) },
      { backend: 'webgl', reason: 'OffscreenCanvas is missing' },
    ]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('starts at the preferred backend', async () => {
    expect((await selectBackend('cpu')).report).toEqual({ backend: 'cpu', detail: 'plain JavaScript', skipped: [] });
    expect((await selectBackend('webgl')).report.skipped.map((s) => s.backend)).toEqual(['webgl']);
  });

  it('rejects an unknown preference', async () => {
    await expect(selectBackend('tpu' as never)).rejects.toThrow(/unknown backend preference "tpu"/);
  });
});
