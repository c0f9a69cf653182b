/**
 * The durable job queue, as its users see it: jobs run in their tenant,
 * failures are retried later and finally given up, dedupe keys hold, a
 * failed handler leaves no writes behind, queued mail is sent once, and a
 * worker killed mid-batch loses and repeats nothing.
 */
import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTransport } from 'nodemailer'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { MailResponse, type Message } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'
import Area from '#models/area'
import { tenancy } from '#tenancy/context'
import { defineJob, enqueue, messageIdFor, work } from '#services/platform/job_queue'
import { mailDedupeKey, queueMail } from '#mails/queue'
import { startWorker } from '#tests/helpers/worker'
import { isolateEachTest, makeTenant } from '#tests/helpers/tenants'

type JobRow = {
  id: number
  name: string
  payload: Record<string, any>
  context_tenant_id: number | null
  attempts: number
  last_error: string | null
  finished_at: Date | null
  failed_at: Date | null
  due_in_seconds: number
}

async function jobRows(name: string): Promise<JobRow[]> {
  const result = await db.rawQuery(
    `select *, extract(epoch from run_at - now())::float as due_in_seconds
     from jobs where name = ? order by id`,
    [name]
  )
  return result.rows
}

/** Time passes: every waiting job of that name becomes due. */
async function makeDue(name: string) {
  await db.rawQuery(`update jobs set run_at = now() where name = ? and finished_at is null`, [name])
}

const runDue = () => work({ once: true, schedules: false })

/* Job types used in this process only (the kill test's type is in start/jobs.ts). */
const seenByProbe: { tenant: string | null; areas: string[] }[] = []
defineJob('spec.tenant_probe', async (_payload, { client }) => {
  const tenant = tenancy.current()
  const areas = tenant ? await Area.query({ client }).orderBy('name') : []
  seenByProbe.push({ tenant: tenant?.slug ?? null, areas: areas.map((area) => area.name) })
})

defineJob('spec.always_fails', () => {
  throw new Error('the partner API said no')
})

let countedRuns = 0
defineJob('spec.counted', () => {
  countedRuns++
})

defineJob('spec.write_then_fail', async (_payload, { client, attempt }) => {
  await Area.create(
    { name: `Written on attempt ${attempt}`, slug: `attempt-${attempt}` },
    { client }
  )
  if (attempt === 1) throw new Error('failed after writing')
})

/** A mail transport that keeps each message, rendered as it would go on the wire. */
class CapturingTransport implements MailTransportContract {
  sent: string[] = []
  #transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' })

  async send(message: NodeMailerMessage) {
    const result = await this.#transporter.sendMail(message)
    this.sent.push((result.message as Buffer).toString('utf8'))
    return new MailResponse(result.messageId, result.envelope, result)
  }
}

/**
 * The process tests below commit for real and clean up after themselves; a
 * run that died half-way (its database stopped under it) may not have.
 */
async function removeLeftoversOfAnInterruptedRun() {
  await db.rawQuery(`delete from jobs where name like 'spec.%' or name = 'test.deliver'`)
  await db.connection('owner').rawQuery('drop table if exists job_test_deliveries')
}

test.group('Job queue', (group) => {
  group.setup(removeLeftoversOfAnInterruptedRun)
  isolateEachTest(group)

  test('a job runs inside the tenant it was enqueued in', async ({ assert }) => {
    const fife = await makeTenant('fife')
    const canary = await makeTenant('canary')
    await tenancy.run(canary, () => Area.create({ name: 'Canary area', slug: 'canary-area' }))
    await tenancy.run(fife, () => Area.create({ name: 'Fife area', slug: 'fife-area' }))

    seenByProbe.length = 0
    await tenancy.run(fife, () => enqueue('spec.tenant_probe'))
    await enqueue('spec.tenant_probe')
    const reports: string[] = []
    const totals = await work({
      once: true,
      schedules: false,
      onJob: (report) => reports.push(`${report.name} ${report.tenant} ${report.outcome}`),
    })

    assert.deepEqual(totals, { done: 2, retried: 0, failed: 0 })
    assert.deepEqual(seenByProbe, [
      { tenant: 'fife', areas: ['Fife area'] },
      { tenant: null, areas: [] },
    ])
    assert.deepEqual(reports, ['spec.tenant_probe fife done', 'spec.tenant_probe null done'])
    const rows = await jobRows('spec.tenant_probe')
    assert.deepEqual(
      rows.map((row) => row.context_tenant_id),
      [fife.id, null]
    )
    assert.isTrue(rows.every((row) => row.finished_at !== null))
  })

  test('a failing job is retried later with back-off, then given up', async ({ assert }) => {
    await enqueue('spec.always_fails', {}, { maxAttempts: 3 })

    assert.deepEqual(await runDue(), { done: 0, retried: 1, failed: 0 })
    let [row] = await jobRows('spec.always_fails')
    assert.equal(row.attempts, 1)
    assert.include(row.last_error!, 'the partner API said no')
    assert.isNull(row.failed_at)
    assert.approximately(row.due_in_seconds, 10, 1)

    /* Not due yet: a worker leaves it alone. */
    assert.deepEqual(await runDue(), { done: 0, retried: 0, failed: 0 })

    await makeDue('spec.always_fails')
    assert.deepEqual(await runDue(), { done: 0, retried: 1, failed: 0 })
    ;[row] = await jobRows('spec.always_fails')
    assert.equal(row.attempts, 2)
    assert.approximately(row.due_in_seconds, 20, 1)

    await makeDue('spec.always_fails')
    assert.deepEqual(await runDue(), { done: 0, retried: 0, failed: 1 })
    ;[row] = await jobRows('spec.always_fails')
    assert.equal(row.attempts, 3)
    assert.isNotNull(row.failed_at)
    assert.isNull(row.finished_at)
    assert.include(row.last_error!, 'the partner API said no')

    await makeDue('spec.always_fails')
    assert.deepEqual(await runDue(), { done: 0, retried: 0, failed: 0 }, 'given up for good')
  })

  test('a job enqueued twice with the same dedupe key runs once', async ({ assert }) => {
    countedRuns = 0
    const first = await enqueue('spec.counted', {}, { dedupeKey: 'alert:story-7:sam@example.net' })
    const second = await enqueue('spec.counted', {}, { dedupeKey: 'alert:story-7:sam@example.net' })
    assert.isNumber(first)
    assert.isNull(second)
    await runDue()
    assert.isNull(await enqueue('spec.counted', {}, { dedupeKey: 'alert:story-7:sam@example.net' }))
    await runDue()
    assert.equal(countedRuns, 1)
    assert.lengthOf(await jobRows('spec.counted'), 1)
  })

  test('a job enqueued in a transaction that rolls back never runs', async ({ assert }) => {
    countedRuns = 0
    const trx = await db.transaction()
    await enqueue('spec.counted', {}, { client: trx })
    await trx.rollback()
    await runDue()
    assert.equal(countedRuns, 0)
    assert.lengthOf(await jobRows('spec.counted'), 0)
  })

  test("a handler's writes are rolled back when it throws", async ({ assert }) => {
    const fife = await makeTenant('fife')
    await tenancy.run(fife, () => enqueue('spec.write_then_fail'))

    assert.deepEqual(await runDue(), { done: 0, retried: 1, failed: 0 })
    const afterFailure = await tenancy.run(fife, async () => await Area.query().orderBy('id'))
    assert.deepEqual(afterFailure, [], 'the failed attempt left nothing behind')

    await makeDue('spec.write_then_fail')
    assert.deepEqual(await runDue(), { done: 1, retried: 0, failed: 0 })
    const areas = await tenancy.run(fife, async () => await Area.query().orderBy('id'))
    assert.deepEqual(
      areas.map((area) => area.name),
      ['Written on attempt 2']
    )
  })
})

test.group('Mail through the queue', (group) => {
  isolateEachTest(group)

  let transport: CapturingTransport
  const mailers = mail.config.mailers as Record<string, () => MailTransportContract>
  group.each.setup(() => {
    mail.restore()
    transport = new CapturingTransport()
    mailers.jobsSpec = () => transport
    return async () => {
      await mail.close('jobsSpec' as never)
      delete mailers.jobsSpec
    }
  })

  test('sendLater records a mail.send job; a worker sends it exactly once', async ({ assert }) => {
    const fife = await makeTenant('fife')
    await tenancy.run(fife, () =>
      mail.use('jobsSpec' as never).sendLater((message) => {
        message.to('sam@example.net').subject('Your story').text('It is published.')
      })
    )

    assert.lengthOf(transport.sent, 0, 'nothing is sent before a worker runs')
    const [job] = await jobRows('mail.send')
    assert.equal(job.context_tenant_id, fife.id)
    assert.equal(job.payload.mailer, 'jobsSpec')
    assert.equal(job.payload.message.subject, 'Your story')

    const lines: string[] = []
    await work({
      once: true,
      schedules: false,
      onJob: (report) => lines.push(`${report.name} ${report.tenant} ${report.outcome}`),
    })
    await runDue()
    assert.deepEqual(lines, ['mail.send fife done'])
    assert.lengthOf(transport.sent, 1)
    assert.include(transport.sent[0], 'Subject: Your story')
    assert.include(transport.sent[0], 'To: sam@example.net')
    assert.include(transport.sent[0], 'It is published.')
    assert.isNotNull((await jobRows('mail.send'))[0].finished_at)
  })

  test('queueMail with a dedupe key queues one message with a stable Message-ID', async ({
    assert,
  }) => {
    const alert = (message: Message) => {
      message.to('sam@example.net').subject('New answer').text('A service answered.')
    }
    const options = { mailer: 'jobsSpec' as never, dedupeKey: 'alert:story-12:sam@example.net' }
    await queueMail(alert, options)
    await queueMail(alert, options)
    await runDue()
    await queueMail(alert, options)
    await runDue()

    assert.lengthOf(await jobRows('mail.send'), 1)
    assert.lengthOf(transport.sent, 1)
    const messageId = messageIdFor(mailDedupeKey(options.dedupeKey), 'carevoice.test')
    assert.include(transport.sent[0], `Message-ID: ${messageId}`)
    assert.notInclude(JSON.stringify(await jobRows('mail.send')), 'alert:story-12')
  })

  test('a queued mail keeps a binary attachment', async ({ assert }) => {
    const csv = Buffer.from('ref,name\nw1,Ward 1\n')
    await mail.use('jobsSpec' as never).sendLater((message) => {
      message.to('admin@example.net').subject('Export').text('Attached.')
      message.attachData(csv, { filename: 'export.csv', contentType: 'text/csv' })
    })
    await runDue()
    assert.lengthOf(transport.sent, 1)
    assert.include(transport.sent[0], 'filename=export.csv')
    assert.include(transport.sent[0], csv.toString('base64'))
  })

  test('in fake mode sendLater is recorded as queued, and no job is made', async ({ assert }) => {
    const fake = mail.fake()
    try {
      await mail.sendLater((message) => {
        message.to('sam@example.net').subject('Faked')
      })
      assert.lengthOf(fake.messages.queued(), 1)
      assert.lengthOf(await jobRows('mail.send'), 0)
    } finally {
      mail.restore()
    }
  })
})

/*
 * These tests need a second process (`node ace queue:work`), which cannot
 * see the rolled-back transaction the other tests use: they commit for real
 * and remove what they made afterwards.
 */
const APP_ROOT = fileURLToPath(app.appRoot)

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, ms = 20_000) {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await sleep(20)
  }
}

async function deliveredKeys(): Promise<string[]> {
  const result = await db.rawQuery('select key from job_test_deliveries order by key')
  return result.rows.map((row: { key: string }) => row.key)
}

test.group('queue:work process', (group) => {
  let firstJobId = 0
  group.each.setup(async () => {
    /* A table of the test's own: created by the owner, written by the worker as the app's role. */
    await db
      .connection('owner')
      .rawQuery('create table if not exists job_test_deliveries (key text primary key)')
    await db.connection('owner').rawQuery('truncate job_test_deliveries')
    const result = await db.rawQuery('select coalesce(max(id), 0) + 1 as id from jobs')
    firstJobId = result.rows[0].id
    return async () => {
      await db.rawQuery('delete from jobs where id >= ?', [firstJobId])
      await db.connection('owner').rawQuery('drop table if exists job_test_deliveries')
    }
  })

  test('a worker killed in the middle of a batch, started again, delivers every job exactly once', async ({
    assert,
  }) => {
    const keys = Array.from({ length: 30 }, (_, index) => `key-${String(index).padStart(2, '0')}`)
    const ids: number[] = []
    for (const key of keys) {
      ids.push((await enqueue('test.deliver', { key, sleepMs: 50 }))!)
    }

    const first = startWorker(['--poll-ms=100'])
    await waitFor('10 deliveries', async () => (await deliveredKeys()).length >= 10)
    first.child.kill('SIGKILL')
    assert.equal((await first.exited).signal, 'SIGKILL')
    const beforeRestart = await deliveredKeys()
    assert.isBelow(beforeRestart.length, 30, 'the worker was killed mid-batch')

    const second = startWorker(['--once'])
    const { code } = await second.exited
    assert.equal(code, 0, second.output.stderr)
    assert.equal(second.output.stderr, '')

    assert.deepEqual(await deliveredKeys(), keys, 'every key delivered, none twice')
    const result = await db.rawQuery(
      'select id, attempts, finished_at, last_error from jobs where id = any(?) order by id',
      [ids]
    )
    const rows = result.rows as {
      id: number
      attempts: number
      finished_at: Date | null
      last_error: string | null
    }[]
    assert.lengthOf(rows, 30)
    for (const row of rows) {
      assert.isNotNull(row.finished_at, `job ${row.id} finished`)
      assert.isNull(row.last_error, `job ${row.id} never failed`)
      assert.equal(row.attempts, 1, `job ${row.id} counted one run`)
    }
    const doneLines = (first.output.stdout + second.output.stdout)
      .split('\n')
      .filter((line) => /^job \d+ test\.deliver done in \d+ ms$/.test(line))
    assert.isAtLeast(doneLines.length, 30 - beforeRestart.length)
  }).timeout(60_000)

  test('SIGTERM lets the job in hand finish, then the worker exits 0', async ({ assert }) => {
    const id = (await enqueue('test.deliver', { key: 'slow', sleepMs: 1500 }))!
    const worker = startWorker(['--poll-ms=100'])
    /* Claimed: the row is locked by the worker. */
    await waitFor('the worker to claim the job', async () => {
      const result = await db.rawQuery(
        'select id from jobs where id = ? and finished_at is null for update skip locked',
        [id]
      )
      return result.rows.length === 0
    })
    worker.child.kill('SIGTERM')
    const { code } = await worker.exited
    assert.equal(code, 0, worker.output.stderr)
    assert.match(worker.output.stdout, new RegExp(`job ${id} test\\.deliver done in \\d+ ms`))
    assert.include(worker.output.stdout, 'SIGTERM received, stopping after the current job')
    assert.deepEqual(await deliveredKeys(), ['slow'])
    const result = await db.rawQuery('select finished_at from jobs where id = ?', [id])
    assert.isNotNull(result.rows[0].finished_at)
  }).timeout(60_000)

  test('a bad flag is refused with one line on stderr', ({ assert }) => {
    for (const argv of [['--poll-ms=soon'], ['--poll-ms=0']]) {
      const result = spawnSync(process.execPath, ['ace.js', 'queue:work', ...argv], {
        cwd: APP_ROOT,
        env: process.env,
        encoding: 'utf8',
        timeout: 20_000,
      })
      assert.notEqual(result.status, 0)
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '')
      assert.lengthOf(lines, 1, `stderr was: ${result.stderr}`)
      assert.include(lines[0], '--poll-ms must be a whole number of milliseconds')
    }
  }).timeout(60_000)
})
