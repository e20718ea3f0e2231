/**
 * Runs async tasks one at a time, in the order they were handed in. The player puts every
 * command and every pipeline event through one of these, so an event can never land half-way
 * through a command (or the other way round).
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // A failed task is its caller's to handle; it must not stop the tasks after it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task handed in so far has finished. */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
