/**
 * A wasm backend that never finishes starting (as the threaded build does when its pthread workers
 * cannot load) does not hang the probe: after the start limit it is removed, with the reason, and
 * the next backend is used.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../../src/training/serve/backend';

// The module the probe loads, without its own registrations: the test registers its flags and a wasm backend whose start never ends.
vi.mock('@tensorflow/tfjs-backend-wasm', () => ({ setWasmPaths: () => undefined, setThreadsCount: () => undefined, getThreadsCount: () => 1 }));

describe('selectBackend with a wasm backend that never starts', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives up on it after the limit, removes it, and falls back to cpu', async () => {
    tf.env().registerFlag('WASM_HAS_SIMD_SUPPORT', () => true);
    tf.env().registerFlag('WASM_HAS_MULTITHREAD_SUPPORT', () => false);
    tf.registerBackend('wasm', () => new Promise<tf.KernelBackend>(() => undefined));
    const { report } = await selectBackend('wasm', 200);
    expect(report).toEqual({
      backend: 'cpu',
      detail: 'plain JavaScript',
      skipped: [{ backend: 'wasm', reason: 'the wasm backend did not start within 0.2 s (1 thread)' }],
    });
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(tf.getBackend()).toBe('cpu');
  });
});
