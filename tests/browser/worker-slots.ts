/**
 * The workers a harness page has started, each under the id the page hands to Node: ids count up
 * from 0, and asking for an id the page never gave out (or has forgotten) is an error naming it.
 */

/** A page's started workers by id; `S` is what the page keeps about each. */
export class WorkerSlots<S> {
  readonly #slots = new Map<number, S>();
  #nextId = 0;

  /** Keeps `slot` under the next id and returns that id. */
  add(slot: S): number {
    const id = this.#nextId++;
    this.#slots.set(id, slot);
    return id;
  }

  /** What is kept about worker `id`; throws when there is no such worker. */
  get(id: number): S {
    const found = this.#slots.get(id);
    if (found === undefined) throw new Error(`no worker ${id}`);
    return found;
  }

  /** Forgets worker `id`. */
  delete(id: number): void {
    this.#slots.delete(id);
  }
}
