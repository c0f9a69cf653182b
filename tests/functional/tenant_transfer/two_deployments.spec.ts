import { test } from '@japa/runner'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import Story from '#models/story'
import StoryTag from '#models/story_tag'
import Service from '#models/service'
import Subscription from '#models/subscription'
import Response from '#models/response'
import AuthorReply from '#models/author_reply'
import StoryView from '#models/story_view'
import ModerationEvent from '#models/moderation_event'
import { seedDemoData } from '#services/platform/demo_data'
import { auditTenant } from '#services/platform/audit'
import { newToken } from '#services/platform/secret_tokens'
import { storyPublishedJob } from '#jobs/story_published'
import { tenancy } from '#tenancy/context'
import { hostCache } from '#tenancy/host_cache'
import { refused, runCommand, succeeds } from '#tests/helpers/commands'
import { currentTotp, isolateEachTest, makeStaff, TEST_PASSWORD } from '#tests/helpers/tenants'
import { authorLinkFor } from '#tests/helpers/stories'
import {
  CookieJar,
  csrfTokenIn,
  get,
  prepareDatabaseB,
  runAce,
  send,
  startServerB,
  visibleText,
} from '#tests/helpers/deployment_b'
import TenantExport from '../../../commands/tenant_export.ts'
import TenantImport from '../../../commands/tenant_import.ts'
import TenantRetire from '../../../commands/tenant_retire.ts'

const PASSPHRASE = 'correct horse battery staple'

/** The commands with the passphrase given directly instead of on stdin. */
class ExportWithPassphrase extends TenantExport {
  protected async passphrase() {
    return PASSPHRASE
  }
}
class ImportWithPassphrase extends TenantImport {
  protected async passphrase() {
    return PASSPHRASE
  }
}

function archivePath(name: string) {
  return join(mkdtempSync(join(tmpdir(), 'carevoice-move-')), name)
}

/** Fife as the demo has it, plus what the demo lacks: two-factor staff, a subscriber, audit, a pending job. */
async function fillFife() {
  await seedDemoData()
  const fife = await Tenant.findByOrFail('slug', 'fife')
  const admin = await makeStaff(fife, 'tenant_admin', 'second.factor@fife.test', {
    twoFactor: true,
    name: 'Sheena Second',
  })
  const published = await tenancy.run(fife, () =>
    Story.query().where('status', 'published').orderBy('id').firstOrFail()
  )
  const authorPath = await authorLinkFor(fife, published)
  const unsubscribe = newToken()
  const searchUnsubscribe = newToken()
  const tagged = await tenancy.run(fife, () => StoryTag.query().orderBy('id', 'desc').firstOrFail())
  await tenancy.run(fife, async () => {
    /* A search subscription filtered by a tag: the tag's id must follow the move. */
    await Subscription.create({
      email: 'searcher@example.test',
      locale: 'en-GB',
      targetType: 'search',
      searchQuery: `q=nurse&tag=${tagged.id}`,
      confirmedAt: DateTime.now(),
      unsubscribeTokenHash: searchUnsubscribe.tokenHash,
    })
    const service = await Service.query().orderBy('id').firstOrFail()
    await Subscription.create({
      email: 'reader@example.test',
      locale: 'en-GB',
      targetType: 'service',
      serviceId: service.id,
      confirmedAt: DateTime.now(),
      unsubscribeTokenHash: unsubscribe.tokenHash,
    })
    const response = await Response.query().orderBy('id').first()
    if (response) {
      await AuthorReply.create({
        storyId: response.storyId,
        responseId: response.id,
        originalBody: 'Thank you for answering.',
        publicBody: 'Thank you for answering.',
        status: 'published',
        moderatedById: admin.id,
        moderatedAt: DateTime.now(),
      })
    }
    await ModerationEvent.create({
      storyId: published.id,
      actorId: admin.id,
      action: 'published',
      reason: null,
      changes: { publicTitle: published.publicTitle },
    })
    /* Sealed with the story's key: readable on B only if the key travelled. */
    await ModerationEvent.create({
      storyId: published.id,
      actorId: admin.id,
      action: 'asked_author',
      reason: 'Which month was it, please?',
      changes: {},
    })
    await StoryView.create({
      storyId: published.id,
      userId: admin.id,
      firstViewedAt: DateTime.now(),
    })
    await auditTenant({
      action: 'test.before_move',
      actor: admin,
      subject: { type: 'story', id: published.id },
    })
    await storyPublishedJob.enqueue(
      { storyId: published.id },
      { runAt: DateTime.now().plus({ days: 1 }) }
    )
  })
  return {
    fife,
    admin,
    published,
    authorPath,
    unsubscribePath: `/subscriptions/unsubscribe/${unsubscribe.token}`,
    searchUnsubscribePath: `/subscriptions/unsubscribe/${searchUnsubscribe.token}`,
    taggedLabel: tagged.label,
  }
}

/** Every public page of Fife worth comparing, by path. */
async function fifePublicPaths(fife: Tenant) {
  return tenancy.run(fife, async () => {
    const stories = await Story.publiclyVisible(Story.query()).orderBy('id')
    const services = await Service.query().orderBy('id')
    const tags = await StoryTag.query().orderBy('id')
    const areas = await db.from('areas').where('tenant_id', fife.id).select('slug')
    return [
      '/',
      '/services',
      '/areas',
      ...stories.map((story) => `/stories/${story.id}`),
      ...services.map((service) => `/services/${service.slug}`),
      ...areas.map((area) => `/areas/${area.slug}`),
      ...tags.map((tag) => `/tags/${tag.id}`),
    ]
  })
}

/** A page on B, following B's own redirects (old ids → new ids) on the same host. */
async function onB(port: number, host: string, path: string) {
  let page = await get(port, host, path)
  for (let hops = 0; hops < 3 && page.status === 301; hops++) {
    page = await get(port, host, String(page.headers.location))
  }
  return page
}

test.group('Moving a tenant between two deployments', (group) => {
  isolateEachTest(group)

  test('Fife moves from deployment A to deployment B with nothing lost and nothing of England', async ({
    assert,
  }) => {
    const { fife, published, authorPath, unsubscribePath, searchUnsubscribePath, taggedLabel } =
      await fillFife()
    const port = Number(process.env.PORT)
    const file = archivePath('fife.cvtenant')

    const exported = await succeeds(ExportWithPassphrase, ['fife', '--out', file])
    assert.match(exported.stdout[0], /Exported fife/)

    /* Nothing of England, and no second-factor secret in clear. */
    const text = gunzipSync(readFileSync(file)).toString('utf8')
    const lines = text.trim().split('\n')
    const manifest = JSON.parse(lines[0]).manifest
    const england = await Tenant.findByOrFail('slug', 'england')
    assert.notInclude(text, 'england.localhost')
    assert.notInclude(text, 'england.carevoice.test')
    assert.notInclude(text, 'Carevoice England')
    for (const line of lines.slice(1)) {
      const { r: row } = JSON.parse(line)
      if ('tenant_id' in row) assert.equal(row.tenant_id, fife.id)
      assert.notEqual(row.tenant_id, england.id)
    }
    assert.notInclude(text, 'JBSWY3DPEHPK3PXP')
    for (const table of [
      'stories',
      'responses',
      'author_replies',
      'moderation_events',
      'story_views',
      'subscriptions',
      'memberships',
      'audit_events',
      'jobs',
      'users',
      'story_author_links',
      'tenant_domains',
    ]) {
      assert.isAbove(manifest.tables[table]?.count ?? 0, 0, `${table} travels`)
    }
    const statuses = new Set(
      lines
        .slice(1)
        .map((line) => JSON.parse(line))
        .filter((l) => l.t === 'stories')
        .map((l) => l.r.status)
    )
    assert.isAtLeast(statuses.size, 5, 'stories in many states travel')

    /* Deployment B: its own database, its own APP_KEY, real processes. */
    await prepareDatabaseB()
    const imported = await runAce(['tenant:import', file], `${PASSPHRASE}\n`)
    assert.equal(imported.status, 0, imported.stderr)
    for (const [table, entry] of Object.entries(manifest.tables) as [string, { count: number }][]) {
      assert.include(
        imported.stdout,
        `${table}: ${entry.count}\n`,
        `${table} count equals the manifest`
      )
    }
    const again = await runAce(['tenant:import', file], `${PASSPHRASE}\n`)
    assert.equal(again.status, 0, again.stderr)
    assert.include(again.stdout, 'Already imported fife')
    assert.include(again.stdout, `stories: ${manifest.tables.stories.count}\n`)

    /* A damaged archive, a tampered one, a wrong passphrase: one line, nothing changed. */
    const damaged = archivePath('damaged.cvtenant')
    const bytes = readFileSync(file)
    bytes[Math.floor(bytes.length / 2)] ^= 0xff
    writeFileSync(damaged, bytes)
    let changed = false
    const tamperedRows = lines.map((line) => {
      const entry = JSON.parse(line)
      if (changed || entry.t !== 'stories') return line
      changed = true
      return JSON.stringify({ ...entry, r: { ...entry.r, public_body: 'Words nobody wrote.' } })
    })
    const tampered = archivePath('tampered.cvtenant')
    writeFileSync(tampered, gzipSync(tamperedRows.join('\n') + '\n'))
    /* Tampered consistently: the checksum fixed too, but not the passphrase's HMAC. */
    const head = JSON.parse(lines[0])
    const storyLines = tamperedRows.filter((line) => line.startsWith('{"t":"stories"'))
    const digest = createHash('sha256')
    for (const line of storyLines) digest.update(line).update('\n')
    head.manifest.tables.stories.sha256 = digest.digest('hex')
    const forged = archivePath('forged.cvtenant')
    writeFileSync(
      forged,
      gzipSync([JSON.stringify(head), ...tamperedRows.slice(1)].join('\n') + '\n')
    )
    for (const [bad, passphrase] of [
      [damaged, PASSPHRASE],
      [tampered, PASSPHRASE],
      [forged, PASSPHRASE],
      [file, 'not the right passphrase'],
    ]) {
      const run = await runAce(['tenant:import', bad], `${passphrase}\n`)
      assert.equal(run.status, 1, `${bad}: ${run.stdout}`)
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr)
      assert.match(run.stderr, /damaged|changed|passphrase|already exists/)
    }

    /* On B: the same public pages, the same words. */
    const server = await startServerB()
    try {
      for (const path of await fifePublicPaths(fife)) {
        const pageA = await get(port, 'fife.localhost', path)
        const pageB = await onB(server.port, 'fife.localhost', path)
        assert.equal(pageA.status, 200, `${path} on A`)
        assert.equal(pageB.status, 200, `${path} on B`)
        assert.equal(
          visibleText(pageB.body),
          visibleText(pageA.body),
          `${path} reads the same on B`
        )
      }

      /* A story link from before the move: every new id is past the old ones, so 301. */
      const oldLink = await get(server.port, 'fife.localhost', `/stories/${published.id}`)
      assert.equal(oldLink.status, 301)
      assert.match(String(oldLink.headers.location), /^\/stories\/\d+$/)
      assert.notEqual(oldLink.headers.location, `/stories/${published.id}`)

      /* Private links from A's emails work on B. */
      const authorPage = await get(server.port, 'fife.localhost', authorPath)
      assert.equal(authorPage.status, 200)
      assert.include(visibleText(authorPage.body), published.title)
      assert.include(visibleText(authorPage.body), 'Which month was it, please?')
      const unsubscribePage = await get(server.port, 'fife.localhost', unsubscribePath)
      assert.equal(unsubscribePage.status, 200)
      /* A subscribed search still names its tag on B: the tag id inside the search moved too. */
      const searchPage = await get(server.port, 'fife.localhost', searchUnsubscribePath)
      assert.equal(searchPage.status, 200)
      assert.include(visibleText(searchPage.body), taggedLabel)

      /* Staff sign in on B with the same password and second factor. */
      const jar = new CookieJar()
      const form = jar.take(await get(server.port, 'fife.localhost', '/staff/sign-in'))
      const signIn = jar.take(
        await send(server.port, 'fife.localhost', '/staff/sign-in', {
          cookie: jar.header(),
          form: {
            _csrf: csrfTokenIn(form.body),
            email: 'second.factor@fife.test',
            password: TEST_PASSWORD,
          },
        })
      )
      assert.equal(signIn.status, 302)
      assert.include(String(signIn.headers.location), '/staff/sign-in/two-factor')
      const challenge = jar.take(
        await get(server.port, 'fife.localhost', '/staff/sign-in/two-factor', jar.header())
      )
      const verified = jar.take(
        await send(server.port, 'fife.localhost', '/staff/sign-in/two-factor', {
          cookie: jar.header(),
          form: { _csrf: csrfTokenIn(challenge.body), code: await currentTotp() },
        })
      )
      assert.equal(verified.status, 302)
      const staffHome = await get(
        server.port,
        'fife.localhost',
        String(verified.headers.location),
        jar.header()
      )
      assert.equal(staffHome.status, 200)
      assert.include(staffHome.body, 'Sheena Second')
    } finally {
      await server.stop()
    }

    /* A hands over: its URLs answer 301 to the same path on B. */
    await succeeds(TenantRetire, ['fife', '--moved-to', `http://fife.localhost:${'4444'}/`])
    hostCache.clear()
    const old = await get(port, 'fife.localhost', `/stories/${published.id}?from=email`)
    assert.equal(old.status, 301)
    assert.equal(
      old.headers.location,
      `http://fife.localhost:4444/stories/${published.id}?from=email`
    )
    const oldWww = await get(port, 'www.fife.localhost', authorPath)
    assert.equal(oldWww.headers.location, `http://fife.localhost:4444${authorPath}`)
    const englandStill = await get(port, 'england.localhost', '/')
    assert.equal(englandStill.status, 200)
  }).timeout(240_000)

  test('an archive is refused where its slug or one of its domains is taken, changing nothing', async ({
    assert,
  }) => {
    await fillFife()
    const file = archivePath('fife.cvtenant')
    await succeeds(ExportWithPassphrase, ['fife', '--out', file])
    const count = async () =>
      tenancy.acrossTenants('test: count', async () => ({
        tenants: (await db.from('tenants').count('* as n'))[0].n,
        stories: (await db.from('stories').count('* as n'))[0].n,
        users: (await db.from('users').count('* as n'))[0].n,
      }))
    const before = await count()
    await refused(
      assert,
      ImportWithPassphrase,
      [file],
      'a tenant with the slug "fife" already exists'
    )
    await db.from('tenants').where('slug', 'fife').update({ slug: 'fife-old' })
    await refused(assert, ImportWithPassphrase, [file], 'the domain fife.localhost already belongs')
    assert.deepEqual(await count(), before)
  })

  test('export and retire refuse bad input with one line', async ({ assert }) => {
    await refused(
      assert,
      ExportWithPassphrase,
      ['nowhere', '--out', archivePath('x')],
      'No tenant has the slug "nowhere"'
    )
    const short = class extends TenantExport {
      protected async passphrase() {
        return 'short'
      }
    }
    await refused(assert, short, ['fife', '--out', archivePath('x')], 'at least 12 characters')
    await refused(assert, TenantRetire, ['nowhere', '--moved-to', 'https://b.example'], 'No tenant')
    const result = await runCommand(TenantRetire, ['fife', '--moved-to', 'ftp://nope'])
    assert.equal(result.command.exitCode, 1)
    await refused(assert, ImportWithPassphrase, [archivePath('missing')], 'does not exist')
  })
})
