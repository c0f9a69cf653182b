/*
 * What a second web process buys: starts the production start
 * (bin/server.ts with NODE_ENV=production, no job workers) with
 * WEB_CONCURRENCY=1 and one with 2 (or the counts given), puts the same load
 * on each in turn (keep-alive connections, each sending its next request as
 * soon as the last one is answered) and prints requests per second, p50 and
 * p99, and the ratio to the first count.
 *
 *   npm exec -- node --import=@poppinss/ts-exec scripts/measure_web_concurrency.ts \
 *     [--counts 1,2] [--paths /health/live,/] [--host england.localhost] \
 *     [--seconds 20] [--connections 16]
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
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '16' },
  },
})
const counts = values.counts.split(',').map(Number)
const paths = values.paths.split(',')
const seconds = Number(values.seconds)
const connections = Number(values.connections)

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
  return { latencies, failures }
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
  count: number
  path: string
  perSecond: number
  p50: number
  p99: number
  failures: number
}
const rows: Row[] = []

/*
 * Every count runs at once, each idle while another is measured, and the
 * load alternates between them second by second: whatever else the machine
 * is doing weighs on each count alike.
 */
const servers = new Map<number, Awaited<ReturnType<typeof startProduction>>>()
try {
  for (const count of counts) servers.set(count, await startProduction(count))
  for (const path of paths) {
    for (const count of counts) await load(servers.get(count)!.port, path, 2000)
    const samples = new Map(counts.map((count) => [count, [] as number[]]))
    const failures = new Map(counts.map((count) => [count, 0]))
    for (let second = 0; second < seconds; second++) {
      for (const count of counts) {
        const result = await load(servers.get(count)!.port, path, 1000)
        samples.get(count)!.push(...result.latencies)
        failures.set(count, failures.get(count)! + result.failures)
      }
    }
    for (const count of counts) {
      const latencies = samples.get(count)!.sort((x, y) => x - y)
      const at = (share: number) =>
        latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]
      const row = {
        count,
        path,
        perSecond: latencies.length / seconds,
        p50: at(0.5),
        p99: at(0.99),
        failures: failures.get(count)!,
      }
      rows.push(row)
      process.stdout.write(
        `WEB_CONCURRENCY=${count}, ${path}: ${Math.round(row.perSecond)} req/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms${row.failures ? `, ${row.failures} failed` : ''}\n`
      )
    }
  }
} finally {
  await Promise.all([...servers.values()].map((server) => server.stop()))
}

process.stdout.write(
  `\n${connections} connections, ${seconds} s per row, alternating second by second\n\n| path | WEB_CONCURRENCY | req/s | p50 | p99 | × the first |\n| --- | --- | --- | --- | --- | --- |\n`
)
for (const row of rows) {
  const first = rows.find((one) => one.path === row.path && one.count === counts[0])!
  process.stdout.write(
    `| \`${row.path}\` | ${row.count} | ${Math.round(row.perSecond)} | ${row.p50.toFixed(1)} ms | ${row.p99.toFixed(1)} ms | ${(row.perSecond / first.perSecond).toFixed(2)} |\n`
  )
}
