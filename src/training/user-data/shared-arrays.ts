/**
 * Arrays every worker can read without a copy: Float32Array and Int32Array on a SharedArrayBuffer
 * where memory can be shared (a cross-origin isolated page or worker, or Node), else on a plain
 * ArrayBuffer (then each worker gets its own copy when the dataset is handed over).
 *
 *   const features = sharedFloat32(rows * width);   // shared when `canShareMemory()`
 */

/** Whether SharedArrayBuffer may be used here: it exists, and the context is not known to be un-isolated (Node has no `crossOriginIsolated`). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

function buffer(bytes: number): ArrayBufferLike {
  return canShareMemory() ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** A zeroed Float32Array of `length` values, shared where memory can be shared. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(buffer(length * Float32Array.BYTES_PER_ELEMENT));
}

/** A zeroed Int32Array of `length` values, shared where memory can be shared. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(buffer(length * Int32Array.BYTES_PER_ELEMENT));
}

/** A copy of `values` on shared memory where memory can be shared. */
export function shareInt32(values: ArrayLike<number>): Int32Array {
  const out = sharedInt32(values.length);
  out.set(values);
  return out;
}
