import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { WebConfig } from './context.ts';

/**
 * A per-minute budget per key. Blocked keys stay blocked until their minute has passed; the
 * counters live in memory, so a restart forgets them (acceptable: a restart takes seconds and a
 * guess at a 256-bit token needs far more than a few minutes' budget).
 */
export class Budget {
  private readonly limiter: RateLimiterMemory;

  constructor(private readonly points: number) {
    this.limiter = new RateLimiterMemory({ points, duration: 60 });
  }

  /** True when `key` has spent its budget for this minute. Spends nothing. */
  async exhausted(key: string): Promise<boolean> {
    const res = await this.limiter.get(key);
    return res !== null && res.consumedPoints >= this.points;
  }

  /** Spend one point; false when there was none left. */
  async spend(key: string): Promise<boolean> {
    try {
      await this.limiter.consume(key, 1);
      return true;
    } catch (err) {
      if (err instanceof Error) throw err;
      return false;
    }
  }
}

export interface Limiters {
  authPerAddress: Budget;
  authGlobal: Budget;
  pairingPerAddress: Budget;
  pairingGlobal: Budget;
  searchPerAddress: Budget;
}

export function createLimiters(config: WebConfig): Limiters {
  const r = config.rate_limits;
  return {
    authPerAddress: new Budget(r.auth_failures_per_address),
    authGlobal: new Budget(r.auth_failures_global),
    pairingPerAddress: new Budget(r.pairing_per_address),
    pairingGlobal: new Budget(r.pairing_global),
    searchPerAddress: new Budget(r.search_per_address),
  };
}

/** The key for the whole box, beside per-address keys. */
export const GLOBAL = '*';

/**
 * A failed credential or pairing-id check: spend the address's budget, and the box-wide one
 * while the address still had some, so one stale phone cannot lock everybody out.
 */
export async function spendFailure(limits: Limiters, address: string): Promise<void> {
  if (await limits.authPerAddress.spend(address)) await limits.authGlobal.spend(GLOBAL);
}

/** True when checks from `address` are refused unseen: its budget or the box's is spent. */
export async function failuresExhausted(limits: Limiters, address: string): Promise<boolean> {
  return (
    (await limits.authPerAddress.exhausted(address)) || (await limits.authGlobal.exhausted(GLOBAL))
  );
}
