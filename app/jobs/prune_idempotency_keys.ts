/**
 * Housekeeping: the API's kept answers for Idempotency-Key retries are
 * needed for a day; every hour older ones go.
 */
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { pruneIdempotencyKeys } from '#services/api/idempotency'

export const pruneIdempotencyKeysJob = defineJob(
  'api.prune_idempotency_keys',
  async (_payload, { client }) => {
    await pruneIdempotencyKeys(client)
  }
)

defineSchedule('api.prune_idempotency_keys', 60, 'api.prune_idempotency_keys')
