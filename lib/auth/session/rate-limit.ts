import "server-only";
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "../../config";
import { AppError } from "../../errors";

// Sign-in: RATE_LIMIT_SIGNIN_PER_MINUTE per IP. API: RATE_LIMIT_API_PER_MINUTE per user.
// Redis when REDIS_URL is set (shared by every instance), memory otherwise.
type Limiters = { signin: RateLimiterAbstract; api: RateLimiterAbstract };
const g = globalThis as { __snxLimiters?: Limiters };

function limiters(): Limiters {
  if (g.__snxLimiters) return g.__snxLimiters;
  const c = config();
  const make = (keyPrefix: string, points: number) => {
    if (!c.REDIS_URL) return new RateLimiterMemory({ keyPrefix, points, duration: 60 });
    const storeClient = new Redis(c.REDIS_URL, { enableOfflineQueue: false });
    storeClient.on("error", () => {}); // reported by /health; the limiter falls back below
    return new RateLimiterRedis({
      storeClient,
      keyPrefix: `securenexus:rl:${keyPrefix}`,
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
    });
  };
  g.__snxLimiters = {
    signin: make("signin", c.RATE_LIMIT_SIGNIN_PER_MINUTE),
    api: make("api", c.RATE_LIMIT_API_PER_MINUTE),
  };
  return g.__snxLimiters;
}

/** Consumes one point; throws RATE_LIMITED with retryAfter (seconds) when the budget is spent. */
export async function consume(kind: keyof Limiters, key: string): Promise<void> {
  try {
    await limiters()[kind].consume(key);
  } catch (res) {
    if (res instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", `Too many requests; retry in ${retryAfter} s`, { retryAfter });
    }
    throw res;
  }
}

export function resetRateLimiters() {
  g.__snxLimiters = undefined;
}
