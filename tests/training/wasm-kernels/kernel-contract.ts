/**
 * The contract every wasm gradient kernel family keeps beyond matching the cpu backend: its kernel
 * functions are the ones registered for 'wasm', a call leaves no tensor data behind but its output
 * (intermediates freed), and bad calls are refused with an error that names the problem.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onBackend, tensorOf, useBothBackends, type KernelInput } from './wasm-test-env';

/** One kernel call: the kernel's name, its inputs as plain values, and its attrs. */
export interface KernelCall {
  readonly kernelName: string;
  readonly inputs: Readonly<Record<string, KernelInput>>;
  readonly attrs: object;
}

/** A call the kernel must refuse, and the error message it must give. */
export interface RefusedCall extends KernelCall {
  readonly label: string;
  readonly error: RegExp;
}

/** What one family's contract suite checks. */
export interface KernelContract {
  /** The kernel functions expected in the wasm registry, by kernel name. */
  readonly registered: Readonly<Record<string, unknown>>;
  /** Calls that must leave nothing behind but their output. */
  readonly calls: readonly KernelCall[];
  /** Calls that must throw, each with its message. */
  readonly refused?: readonly RefusedCall[];
}

/**
 * For each call, run on wasm from fresh input tensors: how many data ids its output added and how
 * many of those remain once the output is disposed ([1, 0] when nothing leaks).
 */
export async function dataIdsLeftBy(calls: readonly KernelCall[]): Promise<[number, number][]> {
  return onBackend('wasm', () =>
    calls.map(({ kernelName, inputs, attrs }) => {
      const tensors = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, tensorOf(input)]));
      const backend = tf.backend();
      const before = backend.numDataIds();
      const out = tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
      const withOutput = backend.numDataIds() - before;
      out.dispose();
      const afterDispose = backend.numDataIds() - before;
      tf.dispose(Object.values(tensors));
      return [withOutput, afterDispose];
    }),
  );
}

/** Runs `call` on wasm (inside tf.tidy), for calls expected to throw. */
function runOnWasm({ kernelName, inputs, attrs }: KernelCall): Promise<unknown> {
  return onBackend('wasm', () =>
    tf.tidy(() => {
      const tensors = Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, tensorOf(input)]));
      tf.engine().runKernel(kernelName, tensors, attrs as tf.NamedAttrMap);
    }),
  );
}

/** Declares the contract suite `title` for one kernel family. */
export function describeKernelContract(title: string, contract: KernelContract): void {
  describe(title, () => {
    it('are the ones registered for wasm', async () => {
      await useBothBackends();
      for (const [name, kernelFunc] of Object.entries(contract.registered)) expect(tf.getKernel(name, 'wasm')?.kernelFunc, name).toBe(kernelFunc);
    });

    it('leave no tensor data behind but their output', async () => {
      expect(await dataIdsLeftBy(contract.calls)).toEqual(contract.calls.map(() => [1, 0]));
    });

    for (const refused of contract.refused ?? []) {
      it(`refuse ${refused.label} by name`, async () => {
        await expect(runOnWasm(refused)).rejects.toThrow(refused.error);
      });
    }
  });
}
