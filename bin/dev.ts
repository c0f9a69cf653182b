/*
 * `npm run dev`: one command from a fresh clone to a running app.
 * Starts (or joins) the embedded PostgreSQL unless one is configured, runs
 * the migrations, seeds the demo data into an empty database, then runs one
 * queue worker (`queue:work`) and the dev server with hot reload, and prints
 * where to go and how to sign in.
 * The worker and the web server are supervised (bin/supervisor.ts): a crash,
 * or a web server that stops answering /health/live, restarts them with a
 * line saying so, and too many crashes in a minute give up.
 * Ctrl-C stops everything it started, PostgreSQL included.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { failStartup, prepareDatabase } from './support/database_bootstrap.ts'
import { Supervisor } from './supervisor.ts'

const APP_ROOT = new URL('../', import.meta.url)
const port = process.env.PORT ?? '3333'
process.env.PORT = port
process.env.NODE_ENV ??= 'development'

const children = new Set<ChildProcess>()
let stopping = false

function run(args: string[], options: { keep?: boolean } = {}) {
  const child = spawn(process.execPath, ['ace.js', ...args], {
    cwd: APP_ROOT,
    stdio: 'inherit',
    env: process.env,
  })
  children.add(child)
  child.on('exit', () => children.delete(child))
  if (options.keep) return { child, done: Promise.resolve(0) }
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
  return { child, done }
}

async function step(label: string, args: string[]) {
  process.stdout.write(`• ${label}\n`)
  const code = await run(args).done
  if (code !== 0 && !stopping) {
    await shutdown(code)
  }
}

const embedded = await prepareDatabase(APP_ROOT, 'carevoice').catch(failStartup)
if (embedded) {
  process.stdout.write(
    `• PostgreSQL: embedded, ${embedded.startedHere ? 'started' : 'already running'} on port ${embedded.port} (data in ${embedded.dataDir})\n`
  )
}

const say = (line: string) => process.stdout.write(`${line}\n`)
const supervised: Supervisor[] = []

async function shutdown(code = 0) {
  if (stopping) return
  stopping = true
  await Promise.all(supervised.map((supervisor) => supervisor.stop()))
  for (const child of children) child.kill('SIGTERM')
  /* The watcher of `ace serve` needs a second signal to let go. */
  await sleep(500)
  for (const child of children) child.kill('SIGTERM')
  const deadline = Date.now() + 10_000
  while (children.size > 0 && Date.now() < deadline) await sleep(100)
  for (const child of children) child.kill('SIGKILL')
  await embedded?.stop()
  process.exit(code)
}

process.on('SIGINT', () => shutdown(0))
process.on('SIGTERM', () => shutdown(0))

await step('Running migrations', ['migration:run', '--force'])
await step('Seeding demo data (only into an empty database)', ['demo:seed', '--if-empty'])

/* One queue worker: sends queued mail and runs scheduled tasks (see README). */
const worker = new Supervisor({
  label: 'queue worker',
  spawn: () => run(['queue:work'], { keep: true }).child,
  log: say,
  onGiveUp: () => say('• Queued mail waits until `npm run ace -- queue:work` runs'),
})

/* The watcher of `ace serve` outlives a crashed HTTP server, so liveness is asked too. */
const server = new Supervisor({
  label: 'web server',
  spawn: () => run(['serve', '--hmr'], { keep: true }).child,
  log: say,
  probe: {
    isAlive: async () => {
      const live = await fetch(`http://localhost:${port}/health/live`, {
        signal: AbortSignal.timeout(2000),
      })
      return live.ok
    },
    intervalMs: 2000,
    failures: 3,
  },
  onGiveUp: () => {
    say('• Fix the error above, then run `npm run dev` again')
    shutdown(1)
  },
})
supervised.push(worker, server)
worker.start()
server.start()

/* Wait for the server, then say where to go. */
for (let attempt = 0; attempt < 240 && !stopping; attempt++) {
  try {
    const response = await fetch(`http://localhost:${port}/health/ready`)
    if (response.ok) break
  } catch {
    /* not up yet */
  }
  await sleep(500)
}

if (!stopping) {
  const info = run(['demo:info'])
  await info.done
}
