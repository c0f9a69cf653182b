/*
 * Test-only job type, registered only under NODE_ENV=test: the kill test
 * (tests/functional/jobs/job_queue.spec.ts) runs it in a separate
 * `queue:work` process, which can only know job types registered at boot.
 * Its plain insert fails if a key is ever delivered twice.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { defineJob } from '#services/platform/job_queue'

if (process.env.NODE_ENV === 'test') {
  defineJob<{ key: string; sleepMs?: number }>('test.deliver', async (payload, { client }) => {
    await client.rawQuery('insert into job_test_deliveries (key) values (?)', [payload.key])
    if (payload.sleepMs) await sleep(payload.sleepMs)
  })
}
