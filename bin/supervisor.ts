/**
 * Keeps one child process of `npm run dev` running: when it exits without
 * being asked to (or, with a liveness probe, stops answering), it is
 * started again after a growing pause, with a line saying so. After
 * `maxCrashes` crashes within `windowMs` it gives up, says so, and calls
 * `onGiveUp`, so a process that cannot start does not loop for ever.
 */
import type { ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

export type SupervisorOptions = {
  /** What the child is, for the lines printed: "web server", "queue worker". */
  label: string
  spawn: () => ChildProcess
  log: (line: string) => void
  maxCrashes?: number
  windowMs?: number
  /** Pause before restart number `attempt` (1, 2, …). */
  backoffMs?: (attempt: number) => number
  /**
   * Optional liveness probe, asked every `intervalMs` once it has answered
   * true at least once; `failures` false answers in a row count as a crash.
   */
  probe?: { isAlive: () => Promise<boolean>; intervalMs: number; failures: number }
  onGiveUp?: () => void
}

export function exponentialBackoff(attempt: number) {
  return Math.min(500 * 2 ** attempt, 15_000)
}

export class Supervisor {
  #child: ChildProcess | null = null
  #crashes: number[] = []
  #stopping = false
  #gaveUp = false
  #probing: Promise<void> | null = null

  constructor(protected options: SupervisorOptions) {}

  get child() {
    return this.#child
  }

  get gaveUp() {
    return this.#gaveUp
  }

  start() {
    const child = this.options.spawn()
    this.#child = child
    child.once('exit', (code, signal) => {
      if (this.#child === child) this.#child = null
      if (this.#stopping) return
      this.#crashed(signal ? `signal ${signal}` : `exit code ${code ?? 'none'}`)
    })
    if (this.options.probe && !this.#probing) this.#probing = this.#watch()
  }

  /** Stops the child for good: SIGTERM (twice, for watchers that ignore one), then SIGKILL. */
  async stop(graceMs = 10_000) {
    this.#stopping = true
    await this.#kill(this.#child, graceMs)
    await this.#probing
  }

  #crashed(reason: string) {
    const { label, log, maxCrashes = 5, windowMs = 60_000 } = this.options
    const now = Date.now()
    this.#crashes = this.#crashes.filter((at) => now - at < windowMs).concat(now)
    if (this.#crashes.length >= maxCrashes) {
      this.#gaveUp = true
      this.#stopping = true
      log(
        `• The ${label} stopped (${reason}) ${this.#crashes.length} times within ${Math.round(windowMs / 1000)} s: not restarting it again`
      )
      this.options.onGiveUp?.()
      return
    }
    const pause = (this.options.backoffMs ?? exponentialBackoff)(this.#crashes.length)
    log(
      `• The ${label} stopped (${reason}): restarting it in ${(pause / 1000).toFixed(1)} s (${this.#crashes.length} of ${maxCrashes} restarts allowed within ${Math.round(windowMs / 1000)} s)`
    )
    setTimeout(() => {
      if (!this.#stopping) this.start()
    }, pause).unref()
  }

  /** Turns a child that is running but no longer answering into a crash. */
  async #watch() {
    const { isAlive, intervalMs, failures } = this.options.probe!
    let armed = false
    let failed = 0
    while (!this.#stopping) {
      await sleep(intervalMs)
      const child = this.#child
      if (this.#stopping || !child) {
        armed = false
        continue
      }
      if (await isAlive().catch(() => false)) {
        armed = true
        failed = 0
        continue
      }
      if (!armed || ++failed < failures) continue
      armed = false
      failed = 0
      /* Its exit is reported as the crash, and restarts it. */
      this.options.log(`• The ${this.options.label} stopped answering: stopping it`)
      await this.#kill(child, 5_000)
    }
  }

  async #kill(child: ChildProcess | null, graceMs: number) {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const second = setTimeout(() => child.kill('SIGTERM'), 500)
    const last = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(second)
    clearTimeout(last)
  }
}
