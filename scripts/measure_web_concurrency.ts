/*
 * What a second web process buys: starts the production start
 * (bin/server.ts with NODE_ENV=production, no job workers) with
 * WEB_CONCURRENCY=1, then 2 (or the counts given), puts the same load on each
 * (keep-alive connections, each sending its next request as soon as the
 * last one is answered) and prints requests per second, p50 and p99, and the
 * ratio to the first count.
 *
 *   npm exec -- node --import=@poppinss/ts-exec scripts/measure_web_concurrency.ts \
 *     [--counts 1,2] [--paths /health/live,/] [--host england.localhost] \
 *     [--seconds 10] [--connections 16] [--rounds 2]
 *
 * It uses this checkout's database (the embedded one unless DB_* are set),
 * so run `npm run dev` once first for the demo tenant the default paths ask.
 * The load comes from this process, on the same machine: on a small machine
 * it takes CPU the web processes would otherwise have, so the ratio it
 * prints is a floor, not the ceiling.
 */
import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import { createServer } from 'node:net'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'

const APP_ROOT = fileURLToPath(new URL('../', import.meta.url))
const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '1,2' },
    paths: { type: 'string', default: '/health/live,/' },
    host: { type: 'string', default: 'england.localhost' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
  },
})
const counts = values.counts.split(',').map(Number)
const paths = values.paths.split(',')
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const rounds = Number(values.rounds)

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function fetchOnce(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { host: values.host } },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

async function load(port: number, path: string, durationMs: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  const latencies: number[] = []
  let failures = 0
  const end = Date.now() + durationMs
  const connection = async () => {
    while (Date.now() < end) {
      const started = performance.now()
      const status = await fetchOnce(agent, port, path).catch(() => 0)
      if (status !== 200) failures++
      latencies.push(performance.now() - started)
    }
  }
  await Promise.all(Array.from({ length: connections }, connection))
  agent.destroy()
  latencies.sort((x, y) => x - y)
  const at = (share: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]
  return {
    perSecond: latencies.length / (durationMs / 1000),
    p50: at(0.5),
    p99: at(0.99),
    failures,
  }
}

async function startProduction(webProcesses: number) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: APP_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_KEY: process.env.APP_KEY ?? randomBytes(32).toString('base64url'),
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_CONCURRENCY: String(webProcesses),
      JOB_WORKERS: '0',
    },
    stdio: 'ignore',
  })
  const deadline = Date.now() + 60_000
  while (true) {
    const ready = await fetchOnce(new Agent(), port, '/health/ready').catch(() => 0)
    if (ready === 200) break
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `the production start with WEB_CONCURRENCY=${webProcesses} did not become ready`
      )
    }
    await sleep(250)
  }
  /* Every web process answers /health/ready before the count starts. */
  await sleep(2000)
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

type Row = {
  round: number
  count: number
  path: string
  perSecond: number
  p50: number
  p99: number
  failures: number
}
const rows: Row[] = []

for (let round = 1; round <= rounds; round++) {
  for (const count of counts) {
    const server = await startProduction(count)
    try {
      for (const path of paths) {
        await load(server.port, path, 3000)
        const result = await load(server.port, path, seconds * 1000)
        rows.push({ round, count, path, ...result })
        process.stdout.write(
          `round ${round}, WEB_CONCURRENCY=${count}, ${path}: ${Math.round(result.perSecond)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms${result.failures ? `, ${result.failures} failed` : ''}\n`
        )
      }
    } finally {
      await server.stop()
    }
  }
}

process.stdout.write(
  `\n| path | WEB_CONCURRENCY | req/s (mean of ${rounds}) | p50 | p99 | × the first |\n| --- | --- | --- | --- | --- | --- |\n`
)
for (const path of paths) {
  const mean = (count: number, key: 'perSecond' | 'p50' | 'p99') => {
    const mine = rows.filter((row) => row.path === path && row.count === count)
    return mine.reduce((sum, row) => sum + row[key], 0) / mine.length
  }
  for (const count of counts) {
    process.stdout.write(
      `| \`${path}\` | ${count} | ${Math.round(mean(count, 'perSecond'))} | ${mean(count, 'p50').toFixed(1)} ms | ${mean(count, 'p99').toFixed(1)} ms | ${(mean(count, 'perSecond') / mean(counts[0], 'perSecond')).toFixed(2)} |\n`
    )
  }
}
