/**
 * configureWasm's checks and the thread plan: 'auto' gives one thread per four logical cores (1 to
 * 4), a count above 1 needs shared memory (else 1, with the reason), and settings cannot change
 * once the wasm backend has loaded.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/training/serve/backend';
import { autoWasmThreads, configureWasm, wasmThreadPlan, WASM_BINARY_NAMES } from '../../src/training/serve/wasm-setup';

describe('the wasm thread plan', () => {
  it("'auto' is one thread per four logical cores, 1 to 4, and 1 on this kind of two-core machine", () => {
    expect([1, 2, 3, 4, 7, 8, 12, 16, 32, 64].map(autoWasmThreads)).toEqual([1, 1, 1, 1, 1, 2, 3, 4, 4, 4]);
    expect(autoWasmThreads(undefined)).toBe(1);
    expect(autoWasmThreads(Number.NaN)).toBe(1);
  });

  it('keeps a count where memory can be shared, and says why it runs one thread where it cannot', () => {
    expect(wasmThreadPlan(2, { hardwareConcurrency: 2, sharedMemory: true })).toEqual({ threads: 2, note: null });
    expect(wasmThreadPlan('auto', { hardwareConcurrency: 16, sharedMemory: true })).toEqual({ threads: 4, note: null });
    expect(wasmThreadPlan(undefined, { hardwareConcurrency: 2, sharedMemory: false })).toEqual({ threads: 1, note: null });
    expect(wasmThreadPlan(3, { hardwareConcurrency: 16, sharedMemory: false })).toEqual({ threads: 1, note: '3 threads asked, 1 used: the page is not cross-origin isolated' });
  });
});

describe('configureWasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses bad settings, naming them', () => {
    expect(() => configureWasm({ threads: 0 })).toThrow(/threads must be an integer ≥ 1 or 'auto', got 0/);
    expect(() => configureWasm({ threads: 1.5 })).toThrow(/threads must be an integer/);
    expect(() => configureWasm({ simd: 'yes' as never })).toThrow(/simd must be true or false/);
    expect(() => configureWasm({ binaries: { 'tfjs-backend-wasm.wasm': '/a.wasm' } as never })).toThrow(/binaries\['tfjs-backend-wasm-simd.wasm'\] must be a URL string/);
    expect(() => configureWasm(null as never)).toThrow(/settings must be an object/);
  });

  it('applies SIMD off and one thread to the backend, then refuses changes once it has loaded', async () => {
    configureWasm({ simd: false, threads: 1 });
    const { report } = await selectBackend('wasm');
    expect(report).toEqual({ backend: 'wasm', detail: 'XNNPACK, no SIMD, 1 thread', skipped: [] });
    expect(() => configureWasm({ threads: 1 })).toThrow(/already loaded in this worker; call configureWasm before the backend is chosen/);
    expect(WASM_BINARY_NAMES).toHaveLength(3);
  });
});
