/**
 * Rate limits. The in-memory limiter is a fixed window with a sliding estimate; the Redis one
 * (redis.ts) is a fixed window shared by every instance. Each bucket allows `limit` hits per
 * `windowMs`; a refused hit reports how many seconds to wait (for `Retry-After`).
 */

export interface RateRule {
  limit: number;
  windowMs: number;
}

/**
 * The buckets. Each is separate: buyers' traffic never uses up the webhook's, and the other way
 * round. Per-IP buckets need a client address (see the `trustedProxies` option); without one they
 * are skipped and the per-checkout ones still apply.
 */
export interface RateLimitOptions {
  /** Every buyer request to the checkout routes, per client IP. Default 300 per minute. */
  perIp?: RateRule | false;
  /** Every request carrying a checkout token, per checkout. Default 120 per minute. */
  perToken?: RateRule | false;
  /**
   * Card payment attempts per checkout (a checkout's token and every order made with it: one
   * bucket, so new orders do not refill it). Default 5 per 10 minutes.
   */
  cardPerToken?: RateRule | false;
  /**
   * Card payment attempts per client IP, across checkouts: stops card testing with a fresh
   * `/config` token per card. Default 10 per 10 minutes.
   */
  cardPerIp?: RateRule | false;
  /** Payment creations (any method) per client IP. Default 30 per 10 minutes. */
  paymentsPerIp?: RateRule | false;
  /** Orders created per checkout token (an order token renews the checkout). Default 10 per 10 minutes. */
  ordersPerToken?: RateRule | false;
  /**
   * Postbacks to the webhook handler, per sender IP: its own bucket, so a burst from the gateway
   * is not throttled by buyers and does not throttle them. Default 1200 per minute.
   */
  webhookPerIp?: RateRule | false;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitOptions> = {
  perIp: { limit: 300, windowMs: 60_000 },
  perToken: { limit: 120, windowMs: 60_000 },
  cardPerToken: { limit: 5, windowMs: 600_000 },
  cardPerIp: { limit: 10, windowMs: 600_000 },
  paymentsPerIp: { limit: 30, windowMs: 600_000 },
  ordersPerToken: { limit: 10, windowMs: 600_000 },
  webhookPerIp: { limit: 1200, windowMs: 60_000 },
};

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  hit(bucket: string, rule: RateRule): RateDecision | Promise<RateDecision>;
}

interface Window {
  start: number;
  count: number;
  prev: number;
}

/** In memory, one process. */
export function createRateLimiter(now: () => number = Date.now, maxBuckets = 100_000): { hit(bucket: string, rule: RateRule): RateDecision } {
  const buckets = new Map<string, Window>();
  return {
    hit(bucket, rule) {
      const t = now();
      let w = buckets.get(bucket);
      if (!w) {
        if (buckets.size >= maxBuckets) {
          // drop the oldest tenth; bounded memory under an address-spraying flood
          let n = Math.ceil(maxBuckets / 10);
          for (const k of buckets.keys()) {
            buckets.delete(k);
            if (--n <= 0) break;
          }
        }
        w = { start: t, count: 0, prev: 0 };
        buckets.set(bucket, w);
      }
      const elapsed = t - w.start;
      if (elapsed >= rule.windowMs) {
        const windows = Math.floor(elapsed / rule.windowMs);
        w.prev = windows === 1 ? w.count : 0;
        w.count = 0;
        w.start += windows * rule.windowMs;
      }
      // sliding estimate: part of the previous window still counts
      const weight = 1 - (t - w.start) / rule.windowMs;
      const estimate = w.prev * weight + w.count;
      if (estimate + 1 > rule.limit) {
        const untilNext = w.start + rule.windowMs - t;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(untilNext / 1000)) };
      }
      w.count++;
      return { ok: true };
    },
  };
}
