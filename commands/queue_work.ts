import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { JobReport } from '#services/platform/job_queue'

const SIGNALS = ['SIGTERM', 'SIGINT'] as const

function oneLine(text: string) {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/** One progress line per job. */
export function describeReport(report: JobReport) {
  const where = report.tenant ? ` (tenant ${report.tenant})` : ''
  const head = `job ${report.id} ${report.name}${where}`
  if (report.outcome === 'done') return `${head} done in ${report.durationMs} ms`
  const tries = `attempt ${report.attempt} of ${report.maxAttempts}`
  const then =
    report.outcome === 'retry' ? `next try at ${report.nextRunAt!.toISOString()}` : 'gave up'
  return `${head} failed in ${report.durationMs} ms (${tries}): ${oneLine(report.error ?? '')}; ${then}`
}

/**
 * queue:work [--once] [--poll-ms N]: runs queued jobs (mail, scheduled
 * tasks) one at a time. Without --once it runs until SIGTERM or SIGINT, and
 * finishes the job in hand before exiting 0. With --once it runs the jobs
 * due when it starts, then exits (0, or 1 when the queue is unreachable).
 */
export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description =
    'Run queued jobs (mail, scheduled tasks) until stopped, or only those due now with --once'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.boolean({ description: 'Run the jobs due now, then exit' })
  declare once?: boolean

  @flags.string({ description: 'Milliseconds to wait when no job is due (default 1000)' })
  declare pollMs?: string

  async run() {
    try {
      await this.work()
    } finally {
      await this.terminate()
    }
  }

  private async work() {
    const pollMs = this.pollMs === undefined ? 1000 : Number(this.pollMs)
    if (!/^\d+$/.test(this.pollMs ?? '1000') || pollMs < 10 || pollMs > 60_000) {
      this.logger.error(
        `--poll-ms must be a whole number of milliseconds from 10 to 60000 (got "${this.pollMs}")`
      )
      this.exitCode = 1
      return
    }

    await import('#start/jobs')
    const { work } = await import('#services/platform/job_queue')

    const controller = new AbortController()
    const stop = (signal: string) => {
      if (controller.signal.aborted) return
      this.logger.log(`queue:work: ${signal} received, stopping after the current job`)
      controller.abort()
    }
    /*
     * bin/console.ts exits at once on these signals; a worker finishes the
     * job in hand first, then the app terminates as usual (which also stops
     * an embedded PostgreSQL this process started).
     */
    const previous = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]))
    for (const signal of SIGNALS) {
      process.removeAllListeners(signal)
      process.on(signal, stop)
    }

    if (!this.once) {
      this.logger.log(`queue:work: running jobs (polling every ${pollMs} ms)`)
    }
    try {
      const totals = await work({
        signal: controller.signal,
        pollMs,
        once: this.once,
        onJob: (report) => {
          const line = describeReport(report)
          if (report.outcome === 'done') this.logger.log(line)
          else this.logger.logError(line)
        },
        onError: (error) => {
          const message = error instanceof Error ? error.message : String(error)
          this.logger.logError(
            `queue:work: the queue is unreachable (${oneLine(message)}); trying again`
          )
        },
      })
      this.logger.log(
        `queue:work: ${totals.done} done, ${totals.retried} to retry, ${totals.failed} given up${this.once ? '' : '; stopped'}`
      )
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.logger.error(`The queue could not be read: ${oneLine(message)}`)
      this.exitCode = 1
    } finally {
      for (const signal of SIGNALS) {
        process.removeListener(signal, stop)
        for (const listener of previous.get(signal) ?? []) process.on(signal, listener)
      }
    }
  }
}
