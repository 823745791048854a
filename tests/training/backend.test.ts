import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/training/serve/backend';
import { softwareSkipReason, softwareWebGlRenderer, softwareWebGpuAdapter } from '../../src/training/serve/software-adapter';

describe('selectBackend (Node: no WebGPU, no OffscreenCanvas)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('takes wasm, with SIMD and one thread, and says why webgpu and webgl were skipped', async () => {
    const { report } = await selectBackend('auto');
    expect(report.backend).toBe('wasm');
    expect(report.detail).toBe('XNNPACK, SIMD, 1 thread');
    expect(report.skipped).toEqual([
      { backend: 'webgpu', reason: expect.stringMatching(/navigator\.gpu is missing/) },
      { backend: 'webgl', reason: 'OffscreenCanvas is missing' },
    ]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('registers the training kernels wasm lacks once it is chosen', async () => {
    await selectBackend('wasm');
    // A conv layer's gradient needs Conv2DBackpropFilter, which tfjs's wasm backend does not have.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('starts at the preferred backend', async () => {
    expect((await selectBackend('cpu')).report).toEqual({ backend: 'cpu', detail: 'plain JavaScript', skipped: [] });
    expect((await selectBackend('webgl')).report.skipped.map((s) => s.backend)).toEqual(['webgl']);
    expect((await selectBackend('wasm')).report).toMatchObject({ backend: 'wasm', skipped: [] });
  });

  it('rejects an unknown preference', async () => {
    await expect(selectBackend('tpu' as never)).rejects.toThrow(/unknown backend preference "tpu"/);
  });
});

describe('software adapters', () => {
  it('recognises SwiftShader, llvmpipe, lavapipe, softpipe and Microsoft Basic Render in WebGL renderer strings', () => {
    expect(softwareWebGlRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareWebGlRenderer('Google SwiftShader')).toBe('SwiftShader');
    expect(softwareWebGlRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareWebGlRenderer('ANGLE (Mesa, Vulkan 1.3 (Lavapipe), lavapipe)')).toBe('lavapipe');
    expect(softwareWebGlRenderer('softpipe')).toBe('softpipe');
    expect(softwareWebGlRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe('Microsoft Basic Render Driver');
  });

  it('takes hardware renderers for hardware', () => {
    expect(softwareWebGlRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(softwareWebGlRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBeNull();
    expect(softwareWebGlRenderer('Apple M2')).toBeNull();
    expect(softwareWebGlRenderer('WebKit WebGL')).toBeNull();
  });

  it('recognises a software WebGPU adapter by its info strings or by the fallback flag (on the adapter or its info)', () => {
    expect(softwareWebGpuAdapter({ vendor: 'google', architecture: 'swiftshader', device: '', description: '' }, undefined)).toBe('SwiftShader');
    expect(softwareWebGpuAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, false)).toBe('llvmpipe');
    expect(softwareWebGpuAdapter({ vendor: '', architecture: '' }, true)).toBe('a fallback adapter');
    expect(softwareWebGpuAdapter({ vendor: '', isFallbackAdapter: true }, undefined)).toBe('a fallback adapter');
    expect(softwareWebGpuAdapter({ vendor: 'nvidia', architecture: 'ampere', isFallbackAdapter: false }, false)).toBeNull();
    expect(softwareWebGpuAdapter(undefined, undefined)).toBeNull();
  });

  it('gives the badge a reason that names the renderer and why wasm wins', () => {
    expect(softwareSkipReason('SwiftShader')).toBe('software adapter (SwiftShader); WebAssembly trains faster here');
  });
});
