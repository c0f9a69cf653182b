/**
 * Rate limits of the public API, per API key and (for requests without a
 * key) per client IP address, shared by every app instance: the counters
 * are rows of `api_rate_limits` in PostgreSQL, one statement per request
 * or per batch of a bucket's requests arriving together.
 *
 * The rule is GCRA (the "generic cell rate algorithm", a token bucket kept
 * as one timestamp): each request moves the bucket's theoretical arrival
 * time on by 1/rate seconds; a request is refused when that time would run
 * more than `burst` requests ahead of now. So a client may send `burst`
 * requests at once, then `rate` a second. A refused request moves nothing.
 *
 * Buckets are named by key id or by a keyed hash of the IP address
 * (#services/platform/keyed_hash), never the address itself.
 */
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { Batcher } from '#lib/batcher'
import { keyedHash } from '#services/platform/keyed_hash'

export type RatePolicy = { perSecond: number; burst: number }

/**
 * The rates of config/api.ts: with a key 5 a second and bursts of 20,
 * unless the key says otherwise; without a key (reads only) a low rate per
 * IP address.
 */
export function ratePolicies(): { anonymous: RatePolicy; key: RatePolicy } {
  return app.config.get('api.rates')
}

export type RateDecision = {
  allowed: boolean
  policy: RatePolicy
  /** Requests left in the burst now. */
  remaining: number
  /** Seconds until one more request is allowed (0 when allowed now). */
  retryAfter: number
  /** Seconds until the bucket is full again. */
  reset: number
}

export function policyOf(ratePerSecond: number | null): RatePolicy {
  const { key } = ratePolicies()
  if (!ratePerSecond) return key
  return { perSecond: ratePerSecond, burst: Math.max(key.burst, ratePerSecond * 4) }
}

export function keyBucket(apiKeyId: number) {
  return `key:${apiKeyId}`
}

export function ipBucket(tenantId: number, ip: string) {
  return `ip:${tenantId}:${keyedHash(ip)}`
}

/** Statements made to count requests, since this process started (for tests). */
export const rateCounting = { statements: 0 }

/*
 * One statement counts every request a process holds for a bucket
 * (take_api_rate, migration 912), at most 200 at once: the first ones that
 * fit are let through, the rest refused, exactly as if they had come one
 * after another at that moment.
 */
const counts = new Batcher<{ bucket: string; policy: RatePolicy }, RateDecision>(
  async (_key, asks) => {
    const { bucket, policy } = asks[0]
    const interval = 1 / policy.perSecond
    const tolerance = policy.burst * interval
    if (Math.random() < 0.001) await forgetIdleBuckets()
    rateCounting.statements++
    const { rows } = await db.rawQuery<{
      rows: { taken: number; ahead_before: number; ahead_after: number }[]
    }>('select taken, ahead_before, ahead_after from take_api_rate(?, ?, ?, ?)', [
      bucket,
      asks.length,
      interval,
      tolerance,
    ])
    const taken = Number(rows[0].taken)
    const before = Number(rows[0].ahead_before)
    const after = Number(rows[0].ahead_after)
    return asks.map((_ask, index): RateDecision => {
      if (index >= taken) {
        return {
          allowed: false,
          policy,
          remaining: 0,
          retryAfter: Math.max(1, Math.ceil(after + interval - tolerance)),
          reset: Math.ceil(after),
        }
      }
      const ahead = before + (index + 1) * interval
      return {
        allowed: true,
        policy,
        remaining: Math.max(0, Math.floor((tolerance - ahead) / interval + 1e-9)),
        retryAfter: 0,
        reset: Math.ceil(ahead),
      }
    })
  },
  200
)

/**
 * Counts one request against `bucket`; says whether it may go ahead.
 * Requests for one bucket that arrive while its last count is running are
 * counted together by the next one.
 */
export function takeRequest(bucket: string, policy: RatePolicy): Promise<RateDecision> {
  return counts.ask(`${bucket}|${policy.perSecond}|${policy.burst}`, { bucket, policy })
}

/** Buckets idle for an hour hold nothing worth keeping; about one request in a thousand sweeps them. */
async function forgetIdleBuckets() {
  await db.rawQuery(
    `delete from api_rate_limits where arrival_at < clock_timestamp() - interval '1 hour'`
  )
}
