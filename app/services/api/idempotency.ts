/**
 * `Idempotency-Key` for the API's writes: the first answer given to a key
 * (per API key) is kept and given again to every retry, so a partner whose
 * connection dropped can send the same request again safely.
 *
 * Guarantees: the record is written in the same transaction as what it
 * answers for, so a retry never finds an answer to something that was not
 * saved, and two requests racing with one key make one story (the second
 * is refused, its writes rolled back); the same key with another request
 * (method, path or body) is refused; only successful answers are kept: a
 * refused request wrote nothing and may be corrected and sent again.
 * Answers are kept for IDEMPOTENCY_HOURS; an hourly job removes older ones
 * (pruneIdempotencyKeys), so the table holds a day of writes, not all of
 * them.
 */
import { createHash } from 'node:crypto'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import ApiIdempotencyKey from '#models/api_idempotency_key'
import type ApiKey from '#models/api_key'
import { DomainError } from '#exceptions/domain_error'
import { tenancy } from '#tenancy/context'

/** How long a key's first answer is given again to its retries. */
export const IDEMPOTENCY_HOURS = 24

export type IdempotentRequest = {
  apiKey: ApiKey
  /** The header's value, or null when the client sent none. */
  key: string | null
  /** Method, path and raw body. */
  fingerprint: string
}

export type KeptAnswer = { status: number; answer: Record<string, unknown> }

export function requestHash(fingerprint: string) {
  return createHash('sha256').update(fingerprint).digest('hex')
}

/** The kept answer for a retry, or null for a request not seen before. */
export async function keptAnswer(request: IdempotentRequest): Promise<KeptAnswer | null> {
  if (request.key === null) return null
  if (!/^[\x21-\x7e]{1,255}$/.test(request.key))
    throw new DomainError('api.errors.parameter', {
      status: 400,
      field: 'Idempotency-Key',
      values: { name: 'Idempotency-Key' },
    })
  const kept = await ApiIdempotencyKey.query()
    .where('api_key_id', request.apiKey.id)
    .where('idempotency_key', request.key)
    .first()
  if (!kept) return null
  if (kept.requestHash !== requestHash(request.fingerprint))
    throw new DomainError('api.errors.idempotencyReused', { status: 422 })
  return { status: kept.status, answer: kept.answer }
}

/** Keeps the answer, inside the transaction that made it. */
export async function keepAnswer(
  request: IdempotentRequest,
  answer: KeptAnswer & { storyId: number | null },
  trx: TransactionClientContract
) {
  if (request.key === null) return
  const inserted = await trx.rawQuery(
    /* Insert-or-nothing: Lucid's create would fail the whole transaction on a duplicate. */
    `insert into api_idempotency_keys
       (tenant_id, api_key_id, idempotency_key, request_hash, story_id, status, answer, created_at)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, now())
     on conflict do nothing returning api_key_id`,
    [
      tenancy.require().id,
      request.apiKey.id,
      request.key,
      requestHash(request.fingerprint),
      answer.storyId as number,
      answer.status,
      JSON.stringify(answer.answer),
    ]
  )
  /* Another request with this key got there first: this one's writes roll back. */
  if (!inserted.rows.length)
    throw new DomainError('api.errors.idempotencyInProgress', { status: 409 })
}

/** Forgets answers older than IDEMPOTENCY_HOURS, in every tenant; says how many. */
export async function pruneIdempotencyKeys(client: QueryClientContract) {
  return tenancy.acrossTenants('API idempotency: forget answers past their day', async () => {
    const pruned = await client.rawQuery(
      `delete from api_idempotency_keys where created_at < now() - make_interval(hours => ?)`,
      [IDEMPOTENCY_HOURS]
    )
    return Number(pruned.rowCount ?? 0)
  })
}
