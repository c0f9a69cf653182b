/**
 * The durable job queue: jobs are rows of the `jobs` table (see its
 * migration), run by `node ace queue:work`.
 *
 * Guarantees:
 * - a job survives restarts: it stays in the table until a worker has run it
 *   and committed `finished_at`;
 * - a worker claims one job at a time with `select … for update skip locked`
 *   inside a transaction. A worker that dies mid-job (even SIGKILL) loses its
 *   connection, PostgreSQL rolls the transaction back and frees the row, and
 *   the next worker runs the job again. No lease timeouts;
 * - the handler gets that transaction (`context.client`): its database
 *   writes commit together with `finished_at`, or not at all. For database
 *   effects made through `context.client` a job therefore takes effect
 *   exactly once. Effects outside the database (an SMTP server) can happen
 *   again if the worker dies between the effect and the commit;
 * - a handler that throws has its writes rolled back (to a savepoint); the
 *   job is tried again after 10 s, 20 s, 40 s … (at most 1 h) and given up
 *   after `max_attempts`, with `failed_at` and `last_error` set;
 * - a job enqueued inside a tenant runs inside that tenant
 *   (`tenancy.run`); one enqueued outside any tenant runs with none;
 * - with a `dedupeKey`, enqueuing again is a no-op for as long as the row is
 *   kept (finished rows included);
 * - scheduled jobs are enqueued by every worker with the dedupe key
 *   `schedule:<name>:<period start>`, so a period runs once however many
 *   workers there are.
 *
 * The job registry lives in start/jobs.ts.
 */
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { RawQueryBindings } from '@adonisjs/lucid/types/querybuilder'
import { DateTime } from 'luxon'
import Tenant from '#models/tenant'
import { tenancy, type TenantRef } from '#tenancy/context'
import { EMPTIED_WHEN_DONE, scrubError } from '#services/platform/job_secrets'

export const DEFAULT_MAX_ATTEMPTS = 8
const BACKOFF_BASE_SECONDS = 10
const BACKOFF_CAP_SECONDS = 3600
const LAST_ERROR_MAX_CHARS = 8000

/** A row of `jobs`, as the handler sees it. */
export type Job<Payload = unknown> = {
  id: number
  name: string
  payload: Payload
  contextTenantId: number | null
  dedupeKey: string | null
  runAt: Date
  /** Attempts made before this one. */
  attempts: number
  maxAttempts: number
  lastError: string | null
  createdAt: Date
}

export type JobContext<Payload = unknown> = {
  job: Job<Payload>
  /** The worker's transaction: write through it so the writes commit with the job. */
  client: TransactionClientContract
  /** The tenant the job runs in (also current in `tenancy`), or null. */
  tenant: Tenant | null
  /** 1 for the first run. */
  attempt: number
}

export type JobHandler<Payload = unknown> = (
  payload: Payload,
  context: JobContext<Payload>
) => unknown | Promise<unknown>

export type EnqueueOptions = {
  /** Not before this time (default: now). */
  runAt?: Date | DateTime
  /** Enqueuing the same key again does nothing while the first row exists. */
  dedupeKey?: string
  /** Default 8. */
  maxAttempts?: number
  /** Enqueue inside the caller's transaction. */
  client?: QueryClientContract | TransactionClientContract
  /** The tenant the job runs in; default: the current tenant, if any. `null`: none. */
  tenant?: TenantRef | null
}

export type JobDefinition<Payload> = {
  name: string
  enqueue(payload: Payload, options?: EnqueueOptions): Promise<number | null>
}

export type Every = number | `daily at ${string}`

type Schedule = {
  name: string
  every: Every
  jobName: string
  payload: unknown
  timeZone: string
}

/** What happened to one job, for progress output. */
export type JobReport = {
  id: number
  name: string
  tenant: string | null
  attempt: number
  maxAttempts: number
  durationMs: number
  outcome: 'done' | 'retry' | 'failed'
  error?: string
  /** When a job that failed will be tried again. */
  nextRunAt?: Date
}

export type WorkOptions = {
  /** Stops the loop once the current job is done. */
  signal?: AbortSignal
  /** How long to wait when nothing is due (default 1000 ms). */
  pollMs?: number
  /** Run what is due now (jobs that exist when the run starts) and return. */
  once?: boolean
  /** Enqueue due scheduled jobs (default true). */
  schedules?: boolean
  onJob?: (report: JobReport) => void
  /** A failure of the queue itself (database gone); the loop waits and tries again. */
  onError?: (error: unknown) => void
}

export type WorkTotals = { done: number; retried: number; failed: number }

const handlers = new Map<string, JobHandler<any>>()
const schedules = new Map<string, Schedule>()
/* The last period each schedule was enqueued for by this process. */
const enqueuedPeriods = new Map<string, string>()

/** Registers a job type. Define them all in start/jobs.ts. */
export function defineJob<Payload = unknown>(
  name: string,
  handler: JobHandler<Payload>
): JobDefinition<Payload> {
  if (!/^[a-z0-9][a-z0-9._:-]*$/i.test(name) || name.length > 120) {
    throw new Error(`"${name}" is not a valid job name (letters, digits, . _ : -; 120 at most)`)
  }
  if (handlers.has(name)) throw new Error(`The job "${name}" is already defined`)
  handlers.set(name, handler as JobHandler<any>)
  return { name, enqueue: (payload, options) => enqueue(name, payload, options) }
}

/** True when a job type of that name is defined. */
export function isJobDefined(name: string) {
  return handlers.has(name)
}

/**
 * Records a job. Returns its id, or null when `dedupeKey` was already taken
 * (nothing is inserted then).
 */
export async function enqueue(
  name: string,
  payload: unknown = {},
  options: EnqueueOptions = {}
): Promise<number | null> {
  if (!handlers.has(name)) {
    throw new Error(`No job is defined with the name "${name}" (define it in start/jobs.ts)`)
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number of 1 or more (got ${maxAttempts})`)
  }
  const tenant = options.tenant === undefined ? tenancy.current() : options.tenant
  const runAt = options.runAt instanceof DateTime ? options.runAt.toJSDate() : options.runAt
  const client = options.client ?? db.connection()
  const result = await client.rawQuery(
    `insert into jobs (context_tenant_id, name, payload, dedupe_key, run_at, max_attempts)
     values (?, ?, ?::jsonb, ?, coalesce(?::timestamptz, now()), ?)
     on conflict (dedupe_key) do nothing
     returning id`,
    [
      tenant ? tenant.id : null,
      name,
      JSON.stringify(payload ?? {}),
      options.dedupeKey ?? null,
      runAt ? runAt.toISOString() : null,
      maxAttempts,
    ] as unknown as RawQueryBindings /* knex binds null as NULL; Lucid's type omits it */
  )
  const row = (result.rows as { id: number }[])[0]
  return row ? Number(row.id) : null
}

/**
 * A recurring task: every `every` minutes (aligned to the clock: 15 runs at
 * :00, :15, :30, :45) or `'daily at HH:MM'` (in `timeZone`, default
 * Europe/London). Each period is enqueued once, when a worker first sees it
 * due; a worker started late in a period still runs that period's job.
 */
export function defineSchedule(
  name: string,
  every: Every,
  jobName: string,
  options: { payload?: unknown; timeZone?: string } = {}
) {
  if (schedules.has(name)) throw new Error(`The schedule "${name}" is already defined`)
  const timeZone = options.timeZone ?? 'Europe/London'
  if (!DateTime.now().setZone(timeZone).isValid) {
    throw new Error(`Schedule "${name}": unknown time zone "${timeZone}"`)
  }
  if (typeof every === 'number') {
    if (!Number.isInteger(every) || every < 1 || every > 1440) {
      throw new Error(`Schedule "${name}": every must be whole minutes from 1 to 1440`)
    }
  } else if (!parseDaily(every)) {
    throw new Error(`Schedule "${name}": "${every}" is not "daily at HH:MM"`)
  }
  const schedule = { name, every, jobName, payload: options.payload ?? {}, timeZone }
  schedules.set(name, schedule)
  return schedule
}

function parseDaily(every: string) {
  const match = /^daily at ([01]\d|2[0-3]):([0-5]\d)$/.exec(every)
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null
}

/** The start of the period `now` falls in, in UTC. */
export function periodStart(schedule: Pick<Schedule, 'every' | 'timeZone'>, now: DateTime) {
  if (typeof schedule.every === 'number') {
    const length = schedule.every * 60_000
    return DateTime.fromMillis(Math.floor(now.toMillis() / length) * length, { zone: 'utc' })
  }
  const { hour, minute } = parseDaily(schedule.every)!
  const local = now.setZone(schedule.timeZone)
  let start = local.set({ hour, minute, second: 0, millisecond: 0 })
  if (start > local) start = start.minus({ days: 1 })
  return start.toUTC()
}

/** Enqueues the current period of every schedule not enqueued yet. */
export async function enqueueDueSchedules(now = DateTime.now()) {
  for (const schedule of schedules.values()) {
    const key = `schedule:${schedule.name}:${periodStart(schedule, now).toISO()}`
    if (enqueuedPeriods.get(schedule.name) === key) continue
    await enqueue(schedule.jobName, schedule.payload, { dedupeKey: key, tenant: null })
    enqueuedPeriods.set(schedule.name, key)
  }
}

/** Seconds before the next try, after `attempts` failed attempts. */
export function backoffSeconds(attempts: number) {
  return Math.min(BACKOFF_BASE_SECONDS * 2 ** Math.max(attempts - 1, 0), BACKOFF_CAP_SECONDS)
}

/** A deterministic RFC 5322 Message-ID for a dedupe key. */
export function messageIdFor(dedupeKey: string, domain: string) {
  const hash = createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)
  return `<${hash}@${domain}>`
}

type JobRow = {
  id: number | string
  name: string
  payload: unknown
  context_tenant_id: number | string | null
  dedupe_key: string | null
  run_at: Date
  attempts: number
  max_attempts: number
  last_error: string | null
  created_at: Date
}

function toJob(row: JobRow): Job {
  return {
    id: Number(row.id),
    name: row.name,
    payload: row.payload,
    contextTenantId: row.context_tenant_id === null ? null : Number(row.context_tenant_id),
    dedupeKey: row.dedupe_key,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
  }
}

function describe(error: unknown) {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}

/**
 * Claims the next due job, runs it and records the outcome. Returns null
 * when nothing is due. `upToId` limits the claim to jobs that existed when a
 * `--once` run started.
 */
export async function runNextJob(upToId?: number): Promise<JobReport | null> {
  const trx = await db.transaction()
  let row: JobRow | undefined
  try {
    const result = await trx.rawQuery(
      `select * from jobs
       where finished_at is null and failed_at is null and run_at <= now()
       ${upToId === undefined ? '' : 'and id <= ?'}
       order by run_at, id
       limit 1
       for update skip locked`,
      upToId === undefined ? [] : [upToId]
    )
    row = (result.rows as JobRow[])[0]
  } catch (error) {
    await trx.rollback()
    throw error
  }
  if (!row) {
    await trx.commit()
    return null
  }

  const job = toJob(row)
  const attempt = job.attempts + 1
  const started = performance.now()
  let tenant: Tenant | null = null
  /* A savepoint: the handler's writes can be undone while the row stays locked. */
  const handlerTrx = await trx.transaction()
  try {
    const handler = handlers.get(job.name)
    if (!handler) throw new Error(`No job is defined with the name "${job.name}"`)
    if (job.contextTenantId !== null) {
      const tenantId = job.contextTenantId
      tenant = await tenancy.acrossTenants('job queue: load the tenant a job runs in', () =>
        Tenant.find(tenantId, { client: handlerTrx })
      )
      if (!tenant) throw new Error(`Tenant ${tenantId} no longer exists`)
    }
    const context: JobContext = { job, client: handlerTrx, tenant, attempt }
    const run = async () => {
      await handler(job.payload, context)
    }
    if (tenant) {
      await tenancy.run(tenant, run)
    } else {
      await run()
    }
    if (!handlerTrx.isCompleted) await handlerTrx.commit()
    /* A sent mail keeps no address, link or token (#services/job_secrets). */
    await trx.rawQuery(
      `update jobs set attempts = ?, finished_at = now(),
         payload = case when name = ? then '{}'::jsonb else payload end
       where id = ?`,
      [attempt, EMPTIED_WHEN_DONE, job.id]
    )
    await trx.commit()
    return {
      id: job.id,
      name: job.name,
      tenant: tenant?.slug ?? null,
      attempt,
      maxAttempts: job.maxAttempts,
      durationMs: Math.round(performance.now() - started),
      outcome: 'done',
    }
  } catch (error) {
    try {
      if (!handlerTrx.isCompleted) await handlerTrx.rollback()
      const gaveUp = attempt >= job.maxAttempts
      const detail =
        error instanceof Error && error.stack ? error.stack : `Error: ${describe(error)}`
      const result = await trx.rawQuery(
        `update jobs set
           attempts = ?,
           last_error = ?,
           run_at = case when ? then run_at else now() + make_interval(secs => ?) end,
           failed_at = case when ? then now() else null end
         where id = ?
         returning run_at`,
        [
          attempt,
          scrubError(detail).slice(0, LAST_ERROR_MAX_CHARS),
          gaveUp,
          backoffSeconds(attempt),
          gaveUp,
          job.id,
        ]
      )
      await trx.commit()
      const nextRunAt = (result.rows as { run_at: Date }[])[0].run_at
      return {
        id: job.id,
        name: job.name,
        tenant: tenant?.slug ?? null,
        attempt,
        maxAttempts: job.maxAttempts,
        durationMs: Math.round(performance.now() - started),
        outcome: gaveUp ? 'failed' : 'retry',
        error: describe(error),
        ...(gaveUp ? {} : { nextRunAt }),
      }
    } catch (recordError) {
      /* The connection itself failed: the job is left as it was, to run again. */
      if (!trx.isCompleted) await trx.rollback().catch(() => {})
      throw recordError
    }
  }
}

async function pause(ms: number, signal?: AbortSignal) {
  await sleep(ms, undefined, { signal }).catch(() => {})
}

/**
 * The worker loop: runs due jobs one at a time until `signal` aborts (the
 * current job is always finished first), or, with `once`, until the jobs
 * due when it started have been run.
 */
export async function work(options: WorkOptions = {}): Promise<WorkTotals> {
  const pollMs = options.pollMs ?? 1000
  const withSchedules = options.schedules ?? true
  const totals: WorkTotals = { done: 0, retried: 0, failed: 0 }
  let upToId: number | undefined
  if (options.once) {
    if (withSchedules) await enqueueDueSchedules()
    const result = await db.rawQuery('select coalesce(max(id), 0) as id from jobs')
    upToId = Number((result.rows as { id: number }[])[0].id)
  }
  while (!options.signal?.aborted) {
    let report: JobReport | null
    try {
      if (withSchedules && !options.once) await enqueueDueSchedules()
      report = await runNextJob(upToId)
    } catch (error) {
      if (options.once) throw error
      options.onError?.(error)
      await pause(pollMs, options.signal)
      continue
    }
    if (report) {
      if (report.outcome === 'done') totals.done++
      else if (report.outcome === 'retry') totals.retried++
      else totals.failed++
      options.onJob?.(report)
      continue
    }
    if (options.once) break
    await pause(pollMs, options.signal)
  }
  return totals
}
