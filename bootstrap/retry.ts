import { Clock } from './clock';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

export interface RetryOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly isTransient: (error: unknown) => boolean;
  /** Told before each pause, so the user sees why nothing happens. */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

/** Exhausted retries: keeps the last error for the caller to explain. */
export class RetriesExhausted extends Error {
  constructor(readonly attempts: number, readonly lastError: unknown) {
    super(`gave up after ${attempts} attempts`);
    this.name = 'RetriesExhausted';
  }
}

/**
 * Calls `call` until it succeeds, fails for good, or the attempts run out.
 * Delays double from baseDelayMs up to maxDelayMs. No jitter: one person's
 * command line does not stampede a service.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy, clock } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!options.isTransient(error)) throw error;
      if (attempt >= policy.attempts) throw new RetriesExhausted(attempt, error);
      const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      options.onRetry?.(error, attempt, delayMs);
      await clock.sleep(delayMs, options.signal);
    }
  }
}
