import type { Context, Middleware } from "@microsoft/microsoft-graph-client";

/** Statuses Graph answers when a request may succeed later: throttled or briefly unavailable. */
const RETRY_STATUSES = [429, 503, 504];

export interface RetryOptions {
  /** Waits (a test passes one that advances its clock instead of sleeping). */
  sleep: (ms: number) => Promise<void>;
  /** The clock, for a Retry-After given as a date. */
  now: () => Date;
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** The longest single wait (default 2 minutes): a larger Retry-After is capped. */
  maxDelayMs?: number;
}

/**
 * Graph's throttling guidance as middleware: on 429, 503 or 504 wait as long as `Retry-After`
 * says (seconds or an HTTP date), or back off exponentially from 2 s without it, and send the
 * request again, up to `maxRetries` times; then the last answer stands. Unlike the client
 * library's RetryHandler, its waits go through the given `sleep`.
 */
export class ThrottleRetry implements Middleware {
  private next?: Middleware;
  /** Every wait made, in ms, in order. */
  readonly waits: number[] = [];

  constructor(private readonly options: RetryOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      await this.next!.execute(context);
      const response = context.response;
      if (!response || !RETRY_STATUSES.includes(response.status) || attempt >= maxRetries) return;
      const delay = Math.min(
        retryDelayMs(response.headers.get("retry-after"), attempt, this.options.now()),
        this.options.maxDelayMs ?? 120_000,
      );
      await response.body?.cancel().catch(() => undefined);
      this.waits.push(delay);
      await this.options.sleep(delay);
    }
  }
}

/** How long `Retry-After` asks to wait; exponential back-off (2, 4, 8 s...) without one. */
export function retryDelayMs(retryAfter: string | null, attempt: number, now: Date): number {
  const text = retryAfter?.trim();
  if (text && /^\d+$/.test(text)) return Number(text) * 1000;
  if (text) {
    const date = Date.parse(text);
    if (!Number.isNaN(date)) return Math.max(0, date - now.getTime());
  }
  return 2000 * 2 ** attempt;
}
