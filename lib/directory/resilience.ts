// Retry with exponential backoff + full jitter, and a circuit breaker, for calls to Authentik.
// Hand-written (about 80 lines) rather than opossum: we need "which errors count" to be ours
// (4xx never retried nor counted) and a state the health check can read synchronously.

export type ResilienceOptions = {
  /** attempts in total, the first included */
  attempts: number;
  /** backoff before retry n (1-based) is random in [0, baseDelayMs * 2^(n-1)] */
  baseDelayMs: number;
  /** consecutive failed calls (after their retries) that open the circuit */
  failureThreshold: number;
  /** how long the circuit stays open before one trial call is let through (half-open) */
  cooldownMs: number;
};

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  attempts: 3,
  baseDelayMs: 200,
  failureThreshold: 5,
  cooldownMs: 30_000,
};

export type BreakerState = "closed" | "open" | "half-open";

export class CircuitOpenError extends Error {
  constructor(readonly retryInMs: number) {
    super(`circuit open: Authentik failed repeatedly, next try in ${Math.ceil(retryInMs / 1000)} s`);
    this.name = "CircuitOpenError";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly opts: ResilienceOptions,
    private readonly now: () => number = Date.now,
  ) {}

  state(): BreakerState {
    if (this.openedAt === null) return "closed";
    return this.now() - this.openedAt >= this.opts.cooldownMs ? "half-open" : "open";
  }

  consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Runs `call` with retries. `isTransient(err)` says whether an error is the backend's fault
   * (5xx, timeout, network): only those are retried and counted against the circuit.
   */
  async run<T>(call: () => Promise<T>, isTransient: (err: unknown) => boolean): Promise<T> {
    const state = this.state();
    if (state === "open") throw new CircuitOpenError(this.opts.cooldownMs - (this.now() - this.openedAt!));
    if (state === "half-open") {
      // One trial at a time; the others fail fast until it has answered.
      if (this.trialInFlight) throw new CircuitOpenError(0);
      this.trialInFlight = true;
    }
    try {
      // Half-open: a single attempt, so a still-dead backend re-opens the circuit at once.
      const attempts = state === "half-open" ? 1 : this.opts.attempts;
      const result = await this.withRetries(call, isTransient, attempts);
      this.failures = 0;
      this.openedAt = null;
      return result;
    } catch (err) {
      if (isTransient(err)) {
        this.failures += 1;
        if (state === "half-open" || this.failures >= this.opts.failureThreshold) this.openedAt = this.now();
      } else if (state === "half-open") {
        // A 4xx answer proves the backend is up.
        this.failures = 0;
        this.openedAt = null;
      }
      throw err;
    } finally {
      if (state === "half-open") this.trialInFlight = false;
    }
  }

  private async withRetries<T>(
    call: () => Promise<T>,
    isTransient: (err: unknown) => boolean,
    attempts: number,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (attempt >= attempts || !isTransient(err)) throw err;
        await sleep(Math.random() * this.opts.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
