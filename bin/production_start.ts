/**
 * The production start (`npm start` with NODE_ENV=production, or any start
 * with WEB_CONCURRENCY set): this process serves no request itself. It runs
 *
 * - WEB_CONCURRENCY web processes (default: one per core), forked through
 *   node:cluster so they share the one listening port, and
 * - JOB_WORKERS job workers (default 1; 0 when workers run elsewhere), each
 *   a separate `ace queue:work` process,
 *
 * each under a Supervisor (bin/supervisor.ts): a process that dies without
 * being asked to is started again after a growing pause, and one that keeps
 * dying is given up on. SIGTERM or SIGINT stops them all gracefully: web
 * processes finish the requests in hand and close, workers finish the job in
 * hand, then this process exits; whatever is still running after
 * SHUTDOWN_GRACE_MS (default 10 s) is killed. Web processes get a bounded
 * heap (WEB_HEAP_MB, default 256: see webExecArgv).
 *
 * Every line says which process wrote it: web processes add `process` to
 * their JSON log lines (config/logger.ts), worker lines are prefixed here.
 */
import cluster from 'node:cluster'
import { spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Supervisor } from './supervisor.ts'

export type ProcessCounts = { web: number; jobs: number; graceMs: number; webHeapMb: number }

/** Reads the counts from the environment; a bad value is one clear line, never a guess. */
export function processCounts(env: NodeJS.ProcessEnv = process.env): ProcessCounts {
  return {
    web: count(env, 'WEB_CONCURRENCY', availableParallelism(), 1),
    jobs: count(env, 'JOB_WORKERS', 1, 0),
    graceMs: count(env, 'SHUTDOWN_GRACE_MS', 10_000, 0),
    webHeapMb: count(env, 'WEB_HEAP_MB', 256, 64),
  }
}

/**
 * Node options of a web process: its JavaScript heap bounded to
 * WEB_HEAP_MB (default 256) and a small young generation, unless the
 * operator already set a heap size (NODE_OPTIONS or node's own flags).
 * After a whole `npm run bench` at a million stories a web process holds
 * about 60 MB of live objects; without a bound V8 let its heap, and so the
 * process, grow to 480 MB of garbage not yet collected.
 */
export function webExecArgv(counts: ProcessCounts, execArgv: string[], env = process.env) {
  const chosen = [...execArgv, env.NODE_OPTIONS ?? ''].some((flag) =>
    flag.includes('--max-old-space-size')
  )
  if (chosen) return execArgv
  return [...execArgv, `--max-old-space-size=${counts.webHeapMb}`, '--max-semi-space-size=8']
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number) {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < minimum) {
    throw new Error(`${name} must be a whole number of ${minimum} or more (got "${raw}")`)
  }
  return value
}

/** Whether this start is the production start rather than one server in this process. */
export function wantsProcessTree(env: NodeJS.ProcessEnv = process.env) {
  return cluster.isPrimary && (env.NODE_ENV === 'production' || Boolean(env.WEB_CONCURRENCY))
}

/** One line from this process: JSON in production, like the web processes' lines. */
function say(message: string) {
  const line =
    process.env.NODE_ENV === 'production'
      ? JSON.stringify({
          level: 30,
          time: Date.now(),
          pid: process.pid,
          process: 'primary',
          msg: message,
        })
      : `[primary] ${message}`
  process.stdout.write(`${line}\n`)
}

/** Copies a child's output line by line, each prefixed with its name. */
function prefixLines(stream: NodeJS.ReadableStream | null, name: string, out: NodeJS.WriteStream) {
  if (!stream) return
  createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`))
}

export async function runProcessTree(appRoot: URL, counts: ProcessCounts, onExit: () => unknown) {
  const supervisors: Supervisor[] = []
  let stopping = false

  const stopAll = async (code: number) => {
    if (stopping) return
    stopping = true
    say(`stopping ${supervisors.length} processes (waiting up to ${counts.graceMs} ms)`)
    await Promise.all(supervisors.map((supervisor) => supervisor.stop(counts.graceMs)))
    await onExit()
    say('stopped')
    process.exit(code)
  }

  const giveUp = (label: string) => () => {
    say(`the ${label} keeps stopping: shutting down so that the service manager can step in`)
    void stopAll(1)
  }

  const watch = (name: string, child: ChildProcess) => {
    say(`${name} started (pid ${child.pid})`)
    return child
  }

  cluster.setupPrimary({ execArgv: webExecArgv(counts, process.execArgv) })
  for (let index = 1; index <= counts.web; index++) {
    const name = `web ${index}`
    supervisors.push(
      new Supervisor({
        label: `${name} process`,
        log: say,
        spawn: () => watch(name, cluster.fork({ CAREVOICE_PROCESS: name }).process),
        onGiveUp: giveUp(`${name} process`),
      })
    )
  }

  const ace = fileURLToPath(new URL('ace.js', appRoot))
  for (let index = 1; index <= counts.jobs; index++) {
    const name = `jobs ${index}`
    supervisors.push(
      new Supervisor({
        label: `${name} worker`,
        log: say,
        spawn: () => {
          const child = spawn(process.execPath, [...process.execArgv, ace, 'queue:work'], {
            cwd: fileURLToPath(appRoot),
            env: { ...process.env, CAREVOICE_PROCESS: name },
            stdio: ['ignore', 'pipe', 'pipe'],
          })
          prefixLines(child.stdout, name, process.stdout)
          prefixLines(child.stderr, name, process.stderr)
          return watch(name, child)
        },
        onGiveUp: giveUp(`${name} worker`),
      })
    )
  }

  process.on('SIGTERM', () => void stopAll(0))
  process.on('SIGINT', () => void stopAll(0))

  say(
    `starting ${counts.web} web ${counts.web === 1 ? 'process' : 'processes'} and ${counts.jobs} job ${counts.jobs === 1 ? 'worker' : 'workers'}`
  )
  for (const supervisor of supervisors) supervisor.start()
}
