/**
 * Work that runs after a webhook is acknowledged. GitHub waits at most 10 s for an answer and paced writes
 * take longer than that, so handlers enqueue and return; jobs of one key (a repository) run one after
 * another, so two copies of one delivery never race inside one instance, and at most `concurrency` keys
 * run at once. A job's error is given to `onError`; it never stops the queue.
 */
export class WorkQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly onError: (error: unknown, key: string) => void,
    private readonly concurrency = 4,
  ) {}

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Queues `job` behind every earlier job of `key`. */
  push(key: string, job: () => Promise<void>): void {
    this.pending += 1;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.slot())
      .then(async () => {
        try {
          await job();
        } catch (error) {
          this.onError(error, key);
        } finally {
          this.release();
        }
      })
      .finally(() => {
        this.pending -= 1;
        if (this.chains.get(key) === next) this.chains.delete(key);
        if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    this.chains.set(key, next);
  }

  /** Resolves when no job is queued or running. */
  onIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
