/** The badge's words for each backend, and why the ones before it were skipped. */
import { describe, expect, it } from 'vitest';
import { BACKEND_LABELS, BackendProbe } from '../../../src/ui/state/backend-probe.svelte';

describe('BackendProbe', () => {
  it('names every backend, WebAssembly included', () => {
    expect(BACKEND_LABELS).toEqual({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' });
  });

  it('says what it checks, in order, while it checks', () => {
    expect(new BackendProbe().why).toBe('A trial worker is checking WebGPU, then WebGL, then WebAssembly, then CPU.');
  });

  it('shows WebAssembly and why the software GPU adapters were passed over', () => {
    const probe = new BackendProbe();
    const reason = 'software adapter (SwiftShader); WebAssembly trains faster here';
    probe.adopt({ backend: 'wasm', detail: 'XNNPACK, SIMD, 1 thread', skipped: [{ backend: 'webgpu', reason }, { backend: 'webgl', reason }] });
    expect(probe.label).toBe('WebAssembly');
    expect(probe.why).toBe(
      'WebAssembly (XNNPACK, SIMD, 1 thread), reported by the running study’s workers. ' +
        `WebGPU skipped: ${reason}. WebGL skipped: ${reason}.`,
    );
  });
});
