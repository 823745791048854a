/**
 * The probe's order around software adapters, with a fake WebGPU whose only adapter is SwiftShader
 * (it has no device, so activating it fails as a broken GPU would). The wasm backend is made to
 * fail in one test by a failing `prepareWasm`.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../../src/training/serve/backend';

const wasmFails = vi.hoisted(() => ({ now: false }));
vi.mock('../../src/training/serve/wasm-setup', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/training/serve/wasm-setup')>();
  return {
    ...original,
    prepareWasm: (wasm: Parameters<typeof original.prepareWasm>[0]) => {
      if (wasmFails.now) throw new Error('the wasm binary did not compile');
      return original.prepareWasm(wasm);
    },
  };
});

const swiftShader = { info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '' }, isFallbackAdapter: false };

describe('selectBackend with a software WebGPU adapter', () => {
  beforeEach(() => {
    vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => swiftShader } });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    wasmFails.now = false;
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it("'auto' passes over it for wasm without activating it, and says why", async () => {
    const { report } = await selectBackend('auto');
    expect(report.backend).toBe('wasm');
    expect(report.skipped).toEqual([
      { backend: 'webgpu', reason: 'software adapter (SwiftShader); WebAssembly trains faster here' },
      { backend: 'webgl', reason: 'OffscreenCanvas is missing' },
    ]);
  });

  it("a preference for 'webgpu' is obeyed on a software adapter: it is tried (here it fails), then the fallbacks", async () => {
    const { report } = await selectBackend('webgpu');
    expect(report.backend).toBe('wasm');
    expect(report.skipped[0]).toEqual({ backend: 'webgpu', reason: expect.not.stringMatching(/software adapter/) });
  });

  it('when wasm fails, the software adapter is tried before cpu', async () => {
    wasmFails.now = true;
    const { report } = await selectBackend('auto');
    expect(report.backend).toBe('cpu');
    expect(report.skipped.map((s) => s.backend)).toEqual(['webgl', 'wasm', 'webgpu']);
    expect(report.skipped[1]).toEqual({ backend: 'wasm', reason: 'the wasm binary did not compile' });
    // It was tried: its reason is now its own failure, not the software skip.
    expect(report.skipped[2]?.reason).not.toMatch(/software adapter/);
  });
});
