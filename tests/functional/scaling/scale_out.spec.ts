import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import { DEMO_PASSWORD } from '#services/platform/demo_data'
import {
  CookieJar,
  csrfTokenIn,
  freePort,
  get,
  ownerClient,
  runAce,
  send,
  startServer,
  visibleText,
  type StartedServer,
} from '#tests/helpers/deployment_b'
import {
  prepareScaleDatabase,
  RoundRobinProxy,
  SCALE_DATABASE,
  scaleEnv,
  SqlWatchingProxy,
} from '#tests/helpers/scale_out'

const FIFE = 'fife.localhost'
const WRITES = /^\s*(insert|update|delete|merge)\b/i

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await sleep(100)
  }
}

/** Signs a demo account in on `port` (one form GET, one POST); returns the answer to the POST. */
async function signIn(port: number, jar: CookieJar, email: string, password: string) {
  const form = jar.take(await get(port, FIFE, '/staff/sign-in', jar.header()))
  return jar.take(
    await send(port, FIFE, '/staff/sign-in', {
      cookie: jar.header(),
      form: { _csrf: csrfTokenIn(form.body), email, password },
    })
  )
}

/*
 * One deployment on one database: instance A is a production start with two
 * web processes and two job workers (bin/production_start.ts), instance B a
 * single web process; a round-robin proxy in front of both, and both read
 * public pages through a "replica" (a proxy to the same database that
 * records the SQL it carries).
 */
test.group('A deployment scaled out on one database', (group) => {
  const replica = new SqlWatchingProxy({
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
  })
  let a: StartedServer | null = null
  let b: StartedServer | null = null
  let proxy: RoundRobinProxy

  group.setup(async () => {
    await prepareScaleDatabase()
    const owner = await ownerClient(SCALE_DATABASE)
    try {
      /* The test job's table (app/jobs/test_deliver.ts), made by the owner, written by the app's role. */
      await owner.query('create table job_test_deliveries (key text primary key)')
    } finally {
      await owner.end()
    }
    await replica.acceptAgain()

    const [portA, portB] = [await freePort(), await freePort()]
    const readHosts = `127.0.0.1:${replica.port}`
    const started = await Promise.allSettled([
      startServer(
        scaleEnv({
          PORT: String(portA),
          WEB_CONCURRENCY: '2',
          JOB_WORKERS: '2',
          DB_READ_HOSTS: readHosts,
        }),
        { name: 'instance A', port: portA, probe: '/health/ready' }
      ),
      startServer(scaleEnv({ PORT: String(portB), DB_READ_HOSTS: readHosts }), {
        name: 'instance B',
        port: portB,
        probe: '/health/ready',
      }),
    ])
    a = started[0].status === 'fulfilled' ? started[0].value : null
    b = started[1].status === 'fulfilled' ? started[1].value : null
    const failure = started.find((outcome) => outcome.status === 'rejected')
    if (failure) {
      await Promise.all([a?.stop(), b?.stop(), replica.stop()])
      throw (failure as PromiseRejectedResult).reason
    }
    proxy = new RoundRobinProxy([portA, portB])
    await proxy.start()

    return async () => {
      await proxy.stop()
      await Promise.all([a?.stop(), b?.stop()])
      await replica.stop()
    }
  })

  test('a session signed in on one instance is valid on the other', async ({ assert }) => {
    const jar = new CookieJar()
    /* Through the proxy the form comes from one instance and is posted to the other. */
    const signedIn = await signIn(proxy.port, jar, 'admin@fife.carevoice.test', DEMO_PASSWORD)
    assert.equal(signedIn.status, 302)
    assert.sameMembers([...new Set(proxy.served)], [a!.port, b!.port])

    for (const instance of [a!, b!]) {
      const home = await get(instance.port, FIFE, String(signedIn.headers.location), jar.header())
      assert.equal(home.status, 200, `on port ${instance.port}`)
      assert.include(visibleText(home.body), 'Fiona Fairlie')
    }
  })

  test('sign-in throttling counts the failures made on every instance together', async ({
    assert,
  }) => {
    const email = 'moderator@fife.carevoice.test'
    const jar = new CookieJar()
    /* Five failures a minute per account (sign_in_http.ts): three land on one instance, two on the other. */
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await signIn(proxy.port, jar, email, 'not the password')
      assert.equal(answer.status, 302, `attempt ${attempt}`)
    }
    /* Each instance alone has seen fewer than five; together they have seen five. */
    for (const instance of [a!, b!]) {
      const answer = await signIn(instance.port, jar, email, DEMO_PASSWORD)
      assert.equal(answer.status, 429, `on port ${instance.port}`)
      assert.include(visibleText(answer.body), 'Too many attempts to sign in')
    }
  })

  test('public reads go to the replica under row-level security; signed-in reads and writes to the primary', async ({
    assert,
  }) => {
    const owner = await ownerClient(SCALE_DATABASE)
    const story = await owner
      .query(
        `select s.id, s.title from stories s join tenants t on t.id = s.tenant_id
         where t.slug = 'fife' and s.status = 'published' order by s.id limit 1`
      )
      .finally(() => owner.end())
    const { id, title } = story.rows[0] as { id: number; title: string }

    /* A visitor's browser: a reader gets no session cookie, only what the pages set (CSRF). */
    const visitor = new CookieJar()
    visitor.take(await get(a!.port, FIFE, '/'))
    assert.notInclude(visitor.header(), 'carevoice-session=')
    replica.statements = []
    for (const instance of [a!, b!]) {
      const page = visitor.take(await get(instance.port, FIFE, `/stories/${id}`, visitor.header()))
      assert.equal(page.status, 200)
      assert.include(visibleText(page.body), title)
    }
    const publicReads = replica.statements
    assert.isTrue(
      publicReads.some((sql) => sql.includes("set_config('app.tenant_id'")),
      'the replica connection had its tenant set'
    )
    assert.isTrue(publicReads.some((sql) => /\bstories\b/.test(sql)))

    /* Someone whose session holds something reads from the primary: they see their own writes at once. */
    const jar = new CookieJar()
    const signedIn = await signIn(b!.port, jar, 'admin@fife.carevoice.test', DEMO_PASSWORD)
    replica.statements = []
    const staffPage = await get(b!.port, FIFE, String(signedIn.headers.location), jar.header())
    assert.equal(staffPage.status, 200)
    const withSession = await get(b!.port, FIFE, `/stories/${id}`, jar.header())
    assert.equal(withSession.status, 200)
    assert.deepEqual(replica.statements, [])
    assert.deepEqual(
      publicReads.filter((sql) => WRITES.test(sql)),
      [],
      'no write ever reached the replica'
    )
  })

  test('a tagline changed through one instance shows on the other within its cache time', async ({
    assert,
  }) => {
    const jar = new CookieJar()
    const signedIn = await signIn(a!.port, jar, 'admin@fife.carevoice.test', DEMO_PASSWORD)
    assert.equal(signedIn.status, 302)
    /* B has the tenant cached from the earlier tests. */
    assert.include(visibleText((await get(b!.port, FIFE, '/')).body), 'Kingdom of Fife')

    const form = jar.take(await get(a!.port, FIFE, '/staff/settings', jar.header()))
    const saved = jar.take(
      await send(a!.port, FIFE, '/staff/settings?_method=PUT', {
        cookie: jar.header(),
        form: {
          _csrf: csrfTokenIn(form.body),
          tagline: 'Fife stories, told on every instance',
          defaultLocale: 'en-GB',
          enabledLocales: 'en-GB',
          timeZone: 'Europe/London',
        },
      })
    )
    assert.equal(saved.status, 302)
    const changedAt = Date.now()
    await until(
      'the new tagline on instance B',
      async () =>
        visibleText((await get(b!.port, FIFE, '/')).body).includes(
          'Fife stories, told on every instance'
        ),
      15_000
    )
    /* The host cache keeps a tenant for 5 s (app/tenancy/host_cache.ts); the rest is a slow machine's slack. */
    assert.isBelow(Date.now() - changedAt, 8_000)
  })

  test('each job runs exactly once with two workers', async ({ assert }) => {
    await until('both job workers', () =>
      ['[jobs 1] queue:work: running jobs', '[jobs 2] queue:work: running jobs'].every((line) =>
        a!.output().includes(line)
      )
    )
    const owner = await ownerClient(SCALE_DATABASE)
    try {
      const keys = Array.from({ length: 20 }, (_, index) => `scale-${index}`)
      const inserted = await owner.query(
        `insert into jobs (name, payload, max_attempts)
         select 'test.deliver', jsonb_build_object('key', key, 'sleepMs', 100), 8
         from unnest($1::text[]) as key returning id`,
        [keys]
      )
      const ids = inserted.rows.map((row: { id: number }) => Number(row.id))
      await until('every job finished', async () => {
        const done = await owner.query(
          'select count(*)::int as n from jobs where id = any($1) and finished_at is not null',
          [ids]
        )
        return done.rows[0].n === ids.length
      })

      const delivered = await owner.query('select key from job_test_deliveries')
      assert.sameMembers(
        delivered.rows.map((row: { key: string }) => row.key),
        keys
      )
      const attempts = await owner.query('select attempts from jobs where id = any($1)', [ids])
      assert.isTrue(attempts.rows.every((row: { attempts: number }) => row.attempts === 1))

      /* One "done" line per job, and both workers took some. */
      const lines = a!.output().split('\n')
      for (const id of ids) {
        const runs = lines.filter((line) => line.includes(`job ${id} test.deliver done`))
        assert.lengthOf(runs, 1, `job ${id}`)
      }
      for (const worker of ['[jobs 1]', '[jobs 2]']) {
        assert.isTrue(
          lines.some((line) => line.startsWith(worker) && line.includes('test.deliver done')),
          `${worker} ran some of the jobs`
        )
      }
    } finally {
      await owner.end()
    }
  })

  test('a web process that dies is started again and the instance keeps answering', async ({
    assert,
  }) => {
    const started = a!.output().match(/\[primary\] web 1 started \(pid (\d+)\)/)
    assert.isNotNull(started)
    process.kill(Number(started![1]), 'SIGKILL')
    await until('the restart line', () =>
      /web 1 process stopped \(signal SIGKILL\): restarting it in/.test(a!.output())
    )
    for (let request = 0; request < 6; request++) {
      assert.equal((await get(a!.port, FIFE, '/health/live')).status, 200)
    }
    await until('web 1 again', () => (a!.output().match(/web 1 started/g) ?? []).length === 2)
  })

  test('SIGTERM stops every process of a production start gracefully', async ({ assert }) => {
    const how = await a!.stop()
    assert.deepEqual(how, { code: 0, signal: null })
    const output = a!.output()
    assert.include(output, '[jobs 1] queue:work: SIGTERM received, stopping after the current job')
    assert.include(output, '[jobs 2] queue:work: SIGTERM received, stopping after the current job')
    assert.include(output, '[primary] stopped')
    /* B still answers: one instance going away leaves the other serving. */
    assert.equal((await get(b!.port, FIFE, '/health/ready')).status, 200)
  })
})

test.group('Scaling settings at start-up', () => {
  test('a production start with a bad WEB_CONCURRENCY stops with one line naming it', async ({
    assert,
  }) => {
    const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: fileURLToPath(app.appRoot),
      env: { ...process.env, WEB_CONCURRENCY: 'all of them' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise((resolve) => child.on('exit', resolve))
    assert.equal(code, 1)
    assert.equal(
      stderr,
      'Carevoice could not start: WEB_CONCURRENCY must be a whole number of 1 or more (got "all of them")\n'
    )
  })

  test('a bad DB_READ_HOSTS stops any process with one line naming it', async ({ assert }) => {
    const run = await runAce(['tenant:list'], '', { ...process.env, DB_READ_HOSTS: 'replica:none' })
    assert.equal(run.status, 1)
    assert.include(run.stderr, 'DB_READ_HOSTS: "replica:none" has no valid port (1 to 65535)')
    assert.lengthOf(run.stderr.trim().split('\n'), 1)
  })
})
