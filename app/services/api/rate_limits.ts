/**
 * Rate limits of the public API, per API key and (for requests without a
 * key) per client IP address, shared by every app instance: the counters
 * are rows of `api_rate_limits` in PostgreSQL, one upsert per request.
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

/** Counts one request against `bucket`; says whether it may go ahead. */
export async function takeRequest(bucket: string, policy: RatePolicy): Promise<RateDecision> {
  if (Math.random() < 0.001) await forgetIdleBuckets()
  const interval = 1 / policy.perSecond
  const tolerance = policy.burst * interval
  /* clock_timestamp(): the real time, even inside a long transaction. */
  const taken = await db.rawQuery<{ rows: { ahead: number }[] }>(
    `insert into api_rate_limits as b (bucket, arrival_at)
       values (?, clock_timestamp() + make_interval(secs => ?))
     on conflict (bucket) do update
       set arrival_at = greatest(b.arrival_at, clock_timestamp()) + make_interval(secs => ?)
       where extract(epoch from greatest(b.arrival_at, clock_timestamp()) - clock_timestamp()) + ? <= ?
     returning extract(epoch from arrival_at - clock_timestamp())::float8 as ahead`,
    [bucket, interval, interval, interval, tolerance]
  )
  if (taken.rows.length) {
    const ahead = Math.max(0, Number(taken.rows[0].ahead))
    return {
      allowed: true,
      policy,
      remaining: Math.max(0, Math.floor((tolerance - ahead) / interval)),
      retryAfter: 0,
      reset: Math.ceil(ahead),
    }
  }
  const held = await db.rawQuery<{ rows: { ahead: number }[] }>(
    `select extract(epoch from arrival_at - clock_timestamp())::float8 as ahead
       from api_rate_limits where bucket = ?`,
    [bucket]
  )
  const ahead = Math.max(0, Number(held.rows[0]?.ahead ?? 0))
  return {
    allowed: false,
    policy,
    remaining: 0,
    retryAfter: Math.max(1, Math.ceil(ahead + interval - tolerance)),
    reset: Math.ceil(ahead),
  }
}

/** Buckets idle for an hour hold nothing worth keeping; about one request in a thousand sweeps them. */
async function forgetIdleBuckets() {
  await db.rawQuery(
    `delete from api_rate_limits where arrival_at < clock_timestamp() - interval '1 hour'`
  )
}
