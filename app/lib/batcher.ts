/**
 * Work asked for while the same work (same key) is already running waits
 * for the next run, which serves everyone waiting at once.
 *
 * Guarantees:
 * - at most one run per key at a time;
 * - every run begins after each of the askers it serves asked (so a read
 *   sees everything committed before they asked);
 * - a run serves at most `most` askers; `run` gets their items in the order
 *   they asked and returns one result for each. A run that fails rejects
 *   every asker it served, and the next run goes on with the rest.
 */
type Waiter<Item, Result> = {
  item: Item
  resolve: (result: Result) => void
  reject: (error: unknown) => void
}

export class Batcher<Item, Result> {
  #queues = new Map<string, Waiter<Item, Result>[]>()

  constructor(
    private run: (key: string, items: Item[]) => Promise<Result[]>,
    private most = Number.POSITIVE_INFINITY
  ) {}

  ask(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const waiting = this.#queues.get(key)
      if (waiting) {
        waiting.push({ item, resolve, reject })
        return
      }
      const queue = [{ item, resolve, reject }]
      this.#queues.set(key, queue)
      void this.#drain(key, queue)
    })
  }

  async #drain(key: string, queue: Waiter<Item, Result>[]) {
    while (queue.length) {
      const batch = queue.splice(0, this.most)
      try {
        const results = await this.run(
          key,
          batch.map((waiter) => waiter.item)
        )
        batch.forEach((waiter, index) => waiter.resolve(results[index]))
      } catch (error) {
        for (const waiter of batch) waiter.reject(error)
      }
    }
    this.#queues.delete(key)
  }
}
