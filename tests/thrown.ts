/**
 * The error a call throws, when it is of the expected class: for tests of refusals that then read
 * the error's message or fields. Any other error is thrown on unchanged (so the test fails with it),
 * and a call that throws nothing fails with "expected a <class>".
 *
 *   const error = thrownBy(TableError, () => parseTable(bytes('')));
 *   expect(error.problem).toBe('empty');
 */
export function thrownBy<E extends Error>(kind: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}

/**
 * The error a promise rejects with, when it is of the expected class (the async twin of
 * `thrownBy`): any other rejection is thrown on unchanged, and a promise that resolves fails with
 * "expected a <class>".
 *
 *   const error = await rejectedBy(StorageError, store.put(record));
 */
export async function rejectedBy<E extends Error>(kind: abstract new (...args: never[]) => E, promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected a ${kind.name}`);
}
