/*
 * npm run bench [-- --no-build] [--duration S] [--connections N] [--only NAME,…] [--hold]
 *
 * Builds for production, starts the built server on this project's
 * database (the embedded PostgreSQL unless DB_HOST is set) and measures,
 * with autocannon, each public page, feed and API list of the large tenant
 * (`demo:seed-large` first) against `/health/live`, alternately in one run:
 * a page's share is its throughput over the mean of the `/health/live`
 * runs just before and after it, which stays meaningful on a busy machine.
 * Requests carry what a browser's do (Accept-Language, Accept-Encoding).
 * Each row also gives the web processes' own CPU time per request (user
 * and system, from /proc), which the load generator sharing the cores
 * does not blur.
 * Ends with the server's peak resident memory (VmHWM).
 */
import { spawn, execFileSync } from 'node:child_process'
import { readFileSync, existsSync } from 'node:fs'
import http from 'node:http'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { prepareDatabase } from '../bin/support/database_bootstrap.ts'

const ROOT = new URL('../', import.meta.url)
const root = fileURLToPath(ROOT)
const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback
}
const DURATION = Number(option('duration', '5'))
const CONNECTIONS = Number(option('connections', '16'))
const PORT = Number(option('port', '3399'))
const HOST = 'large.localhost'
const ONLY = option('only', '')
  .split(',')
  .filter((name) => name)

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(1)
}

if (!args.includes('--no-build')) {
  process.stdout.write('building for production…\n')
  execFileSync('node', ['ace.js', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
}
if (!existsSync(new URL('build/bin/server.js', ROOT))) fail('no build: run without --no-build')

const embedded = await prepareDatabase(ROOT, 'carevoice')
const appKey =
  process.env.APP_KEY ??
  (existsSync(new URL('tmp/app_key', ROOT))
    ? readFileSync(new URL('tmp/app_key', ROOT), 'utf8').trim()
    : fail('no APP_KEY and no tmp/app_key: run `npm run ace -- demo:seed-large` first'))

/* BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (with --hold). */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
const server = spawn(process.execPath, [...nodeArgs, 'bin/server.js'], {
  cwd: fileURLToPath(new URL('build/', ROOT)),
  env: {
    ...process.env,
    NODE_ENV: 'production',
    /* One web process unless asked for more (WEB_CONCURRENCY=2 shows what the second core adds); no job worker. */
    WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    JOB_WORKERS: '0',
    /* The API list is measured as a partner reads it, not as 429s after the first few. */
    API_ANONYMOUS_PER_SECOND: '1000000',
    /* Sixteen connections' requests arrive together and are counted together: all of them fit. */
    API_ANONYMOUS_BURST: '1000',
    APP_KEY: appKey,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})
let stopping = false
async function stop(code: number) {
  stopping = true
  server.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 300))
  await embedded?.stop()
  process.exit(code)
}
server.on('exit', (code) => {
  if (!stopping) {
    process.stderr.write(`bench: the server stopped (exit ${code})\n`)
    embedded?.stop().finally(() => process.exit(1))
  }
})

const base = `http://127.0.0.1:${PORT}`
type Answer = {
  status: number
  ok: boolean
  headers: http.IncomingHttpHeaders
  text: () => Promise<string>
}
/* fetch() may not set Host, so plain http. */
function ask(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${base}${path}`,
      {
        method: options.method ?? 'GET',
        headers: { host: HOST, ...options.headers },
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () => {
          const status = response.statusCode ?? 0
          resolve({
            status,
            ok: status >= 200 && status < 300,
            headers: response.headers,
            text: async () => body,
          })
        })
      }
    )
    request.on('error', reject)
    request.end(options.body)
  })
}
const get = (path: string) => ask(path)

for (let attempt = 0; ; attempt++) {
  try {
    const live = await get('/health/live')
    if (live.ok) break
  } catch {}
  if (attempt > 100) {
    process.stderr.write('bench: the server did not answer /health/live\n')
    await stop(1)
  }
  await new Promise((resolve) => setTimeout(resolve, 200))
}

const home = await get('/')
if (home.status !== 200) {
  process.stderr.write(
    `bench: ${HOST} answers ${home.status}: run \`npm run ace -- demo:seed-large --stories 1000000\` first\n`
  )
  await stop(1)
}
const homeHtml = await home.text()
const storyId = homeHtml.match(/href="\/stories\/(\d+)"/)?.[1]

const pages: [string, string][] = [
  ['home', '/'],
  ['a story', `/stories/${storyId}`],
  ['an area', '/areas/area-3'],
  ['a ward', '/services/large-w-5000'],
  ['a hospital', '/services/large-h-7'],
  ['a board', '/services/large-b-1'],
  ['search: common word', '/stories?q=nurse'],
  ['search: rare word + board', '/stories?q=k4242&service=large-b-1'],
  ['figures: tenant', '/figures'],
  ['figures: board', '/services/large-b-1/figures'],
  ['figures: area', '/areas/area-3/figures'],
  ['feed: site', '/feeds/stories.atom'],
  ['feed: board', '/services/large-b-1/feed.atom'],
]
const apiList = await get('/api/v1/stories')
if (apiList.status === 404) {
  process.stdout.write('(no /api/v1/stories here: API list skipped)\n')
} else pages.push(['API: stories', '/api/v1/stories'])

/*
 * Staff pages, signed in as the large tenant's bench moderator (made here
 * on first use, with the demo password: the tenant is invented).
 */
const STAFF_EMAIL = 'bench-moderator@large.localhost'
/* The demo accounts' password (DEMO_PASSWORD of app/services/platform/demo_data.ts, which needs the app booted). */
const DEMO_PASSWORD = 'carevoice-demo-2026'
function ace(commandArgs: string[], input = '') {
  try {
    execFileSync(process.execPath, ['ace.js', ...commandArgs], {
      cwd: root,
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
  } catch {
    /* Already there from an earlier run: the sign-in below says whether it worked. */
  }
}
ace(['user:create', '--email', STAFF_EMAIL, '--name', 'Bench moderator'], `${DEMO_PASSWORD}\n`)
ace(['membership:grant', '--tenant', 'large', '--email', STAFF_EMAIL, '--role', 'moderator'])

function cookiesOf(answer: Answer, jar: Map<string, string>) {
  for (const line of answer.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}
const jar = new Map<string, string>()
const form = await get('/staff/sign-in')
const formCookie = cookiesOf(form, jar)
const formHtml = await form.text()
const csrf = formHtml.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? ''
const signedIn = await ask('/staff/sign-in', {
  method: 'POST',
  headers: { 'cookie': formCookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    _csrf: csrf,
    email: STAFF_EMAIL,
    password: DEMO_PASSWORD,
  }).toString(),
})
const staffCookie = cookiesOf(signedIn, jar)
const staffPages: [string, string][] = [
  ['staff: inbox', '/staff/inbox'],
  ['staff: moderation queue', '/staff/moderation'],
]
if (signedIn.status !== 302 || signedIn.headers.location !== '/staff') {
  process.stdout.write(
    `(the bench moderator could not sign in: ${signedIn.status} → ${signedIn.headers.location}; staff pages skipped)\n`
  )
  staffPages.length = 0
}
for (const [name, path] of staffPages) {
  const page = await ask(path, { headers: { cookie: staffCookie } })
  if (page.status !== 200) fail(`${name} answers ${page.status} for the bench moderator`)
}

type Run = { rps: number; p50: number; p99: number; bad: number; cpuUs: number }
function measure(path: string, cookie?: string): Promise<Run> {
  const cpuBefore = webCpuTicks()
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${base}${path}`,
        connections: CONNECTIONS,
        duration: DURATION,
        /* As a browser asks: its language, and the encodings it can decompress. */
        headers: {
          'host': HOST,
          'accept-language': 'en-GB',
          'accept-encoding': 'gzip, deflate, br, zstd',
          ...(cookie ? { cookie } : {}),
        },
      },
      (error, result) => {
        if (error) return reject(error)
        const ticks = webCpuTicks() - cpuBefore
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          bad: result.non2xx + result.errors + result.timeouts,
          cpuUs: result.requests.total ? (ticks * TICK_US) / result.requests.total : 0,
        })
      }
    )
  })
}

/** A process's peak resident set so far (kB), from the kernel; 0 once it is gone. */
function peakRssOf(pid: number) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    return Number(status.match(/VmHWM:\s+(\d+)/)?.[1] ?? 0)
  } catch {
    return 0
  }
}

/** The processes `pid` started, and theirs (a production start is a tree: see bin/production_start.ts). */
function descendantsOf(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number)
    return children.flatMap((child) => [child, ...descendantsOf(child)])
  } catch {
    return []
  }
}

/** The web processes: the server and the processes it started, job workers left out. */
function webPids() {
  const pids = [server.pid!, ...descendantsOf(server.pid!)]
  return pids.filter((pid) => {
    try {
      return !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('queue:work')
    } catch {
      return false
    }
  })
}

/** The largest peak resident set of the web processes (kB): the process that answers requests. */
function peakRss() {
  return Math.max(0, ...webPids().map(peakRssOf))
}

/*
 * CPU time the web processes have used (user and system, in clock ticks of
 * 10 ms), from the kernel: what a request costs the server itself, whatever
 * the load generator on the same cores takes.
 */
const TICK_US = 10_000
function webCpuTicks() {
  let ticks = 0
  for (const pid of webPids()) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return ticks
}

/* The issue's targets: public pages, feeds and API lists ≥ 0.5 of /health/live with p99 < 50 ms; staff pages ≥ 0.25. */
type Measured = { name: string; path: string; cookie?: string; target: number }
const measured: Measured[] = [
  ...pages.map(([name, path]) => ({ name, path, target: 0.5 })),
  ...staffPages.map(([name, path]) => ({ name, path, cookie: staffCookie, target: 0.25 })),
]
const rows: string[] = []
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`
rows.push(
  row([
    'page',
    'req/s',
    'p50',
    'p99',
    'share of /health/live',
    'target met',
    'server CPU per request',
  ])
)
rows.push(row(['---', '---', '---', '---', '---', '---', '---']))
process.stdout.write(
  `${CONNECTIONS} connections, ${DURATION} s per run, load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}\n`
)
if (args.includes('--hold')) {
  /* For profiling by hand: the built server stays up until Ctrl-C. */
  process.stdout.write(`server up on ${base} (Host: ${HOST}); Ctrl-C stops it\n`)
  process.stdout.write(`staff cookie: ${staffCookie}\n`)
  process.on('SIGINT', () => void stop(0))
  await new Promise(() => {})
}
/* Warm up: first renders compile templates and fill caches. */
for (const { path, cookie } of measured) await ask(path, { headers: cookie ? { cookie } : {} })
let before = await measure('/health/live')
const healthRuns = [before.rps]
const healthCpuRuns = [before.cpuUs]
let missed = 0
for (const { name, path, cookie, target } of measured) {
  if (ONLY.length && !ONLY.includes(name)) continue
  const run = await measure(path, cookie)
  const after = await measure('/health/live')
  healthRuns.push(after.rps)
  healthCpuRuns.push(after.cpuUs)
  const share = run.rps / ((before.rps + after.rps) / 2)
  const met = share >= target && run.p99 < 50 && !run.bad
  if (!met) missed++
  const line = row([
    `${name} (\`${path}\`)`,
    Math.round(run.rps),
    `${run.p50} ms`,
    `${run.p99} ms`,
    `${share.toFixed(2)}${run.bad ? ` (${run.bad} not 2xx)` : ''}`,
    `${met ? 'yes' : 'no'} (≥ ${target})`,
    `${Math.round(run.cpuUs)} µs`,
  ])
  rows.push(line)
  process.stdout.write(`${line}\n`)
  before = after
}
const health = healthRuns.reduce((sum, value) => sum + value, 0) / healthRuns.length
const healthCpu = healthCpuRuns.reduce((sum, value) => sum + value, 0) / healthCpuRuns.length
rows.splice(
  2,
  0,
  row(['`/health/live`', Math.round(health), '—', '—', '1.00', '', `${Math.round(healthCpu)} µs`])
)
process.stdout.write(`\n${rows.join('\n')}\n\n`)
process.stdout.write(
  `peak RSS of a web process (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? '1'}): ${Math.round(peakRss() / 1024)} MB; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}\n`
)
const rssMb = Math.round(peakRss() / 1024)
process.stdout.write(
  missed || rssMb >= 300
    ? `targets missed: ${missed} row(s)${rssMb >= 300 ? ', peak RSS ≥ 300 MB' : ''}\n`
    : 'every target met\n'
)
await stop(0)
