import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Assert } from '@japa/assert'
import { refused, succeeds } from '#tests/helpers/commands'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { tenancy } from '#tenancy/context'
import { adminHost } from '#config/app'
import TenantCreate from '../../commands/tenant_create.ts'
import TenantUpdate from '../../commands/tenant_update.ts'
import TenantList from '../../commands/tenant_list.ts'
import TenantSuspend from '../../commands/tenant_suspend.ts'
import TenantResume from '../../commands/tenant_resume.ts'
import TenantDomainAdd from '../../commands/tenant_domain_add.ts'
import TenantDomainRemove from '../../commands/tenant_domain_remove.ts'

/** Everything in the tenant tables, to prove a refused command changed nothing. */
function snapshot() {
  return tenancy.acrossTenants('test: snapshot the tenant tables', async () => {
    const tenants = await Tenant.query().orderBy('id')
    const domains = await TenantDomain.query().orderBy('id')
    return {
      tenants: tenants.map((tenant) => tenant.serialize()),
      domains: domains.map((domain) => domain.serialize()),
    }
  })
}

async function assertUnchanged(assert: Assert, before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await snapshot()
  assert.lengthOf(after.tenants, before.tenants.length, 'tenant count changed')
  assert.lengthOf(after.domains, before.domains.length, 'domain count changed')
  assert.deepEqual(after, before)
}

function findTenant(slug: string) {
  return tenancy.acrossTenants('test: read a tenant', () =>
    Tenant.query().where('slug', slug).preload('domains').firstOrFail()
  )
}

function domainsOf(tenant: Tenant) {
  return Object.fromEntries(tenant.domains.map((domain) => [domain.hostname, domain.isPrimary]))
}

/** Puts the shared ace kernel's output back on the console for other test files. */
async function restoreConsoleOutput() {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('normal')
}

async function statusOf(slug: string) {
  const tenant = await findTenant(slug)
  return tenant.status
}

async function fife() {
  await succeeds(TenantCreate, ['--slug=fife', '--name=NHS Fife', '--domain=fife.example.net'])
}

test.group('tenant:create and tenant:list', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(restoreConsoleOutput)

  test('creates a tenant with its primary domain, and lists it', async ({ assert }) => {
    const created = await succeeds(TenantCreate, [
      '--slug=Fife',
      '--name=NHS Fife',
      '--domain=Fife.Example.net',
      '--locale=cy',
    ])
    assert.lengthOf(created.stdout, 1)
    assert.include(created.stdout[0], 'fife')

    const tenant = await findTenant('fife')
    assert.equal(tenant.name, 'NHS Fife')
    assert.equal(tenant.status, 'active')
    assert.equal(tenant.defaultLocale, 'cy')
    assert.deepEqual(tenant.enabledLocales, ['cy'])
    assert.deepEqual(domainsOf(tenant), { 'fife.example.net': true })

    const listed = await succeeds(TenantList, ['--json'])
    const rows = JSON.parse(listed.stdout.join('\n'))
    assert.isArray(rows)
    assert.deepInclude(rows, {
      slug: 'fife',
      name: 'NHS Fife',
      status: 'active',
      defaultLocale: 'cy',
      enabledLocales: ['cy'],
      domains: [{ hostname: 'fife.example.net', isPrimary: true }],
    })

    const listedAsTable = await succeeds(TenantList, [])
    const table = listedAsTable.stdout.join('\n')
    assert.include(table, 'fife')
    assert.include(table, 'NHS Fife')
    assert.include(table, 'fife.example.net (primary)')
  })

  test('refuses {title}, leaving the tables unchanged')
    .with([
      {
        title: 'a duplicate slug',
        argv: ['--slug=fife', '--name=Another', '--domain=other.example.net'],
        message: 'A tenant with the slug "fife" already exists',
      },
      {
        title: 'a malformed slug',
        argv: ['--slug=No Good!', '--name=Another', '--domain=other.example.net'],
        message: 'slug',
      },
      {
        title: 'the reserved slug admin',
        argv: ['--slug=admin', '--name=Admin', '--domain=other.example.net'],
        message: 'slug',
      },
      {
        title: 'a host name with spaces',
        argv: ['--slug=tayside', '--name=Tayside', '--domain=not a host'],
        message: 'must be a host name',
      },
      {
        title: 'a host name with dashes at the ends',
        argv: ['--slug=tayside', '--name=Tayside', '--domain=-bad-.com'],
        message: 'must be a host name',
      },
      {
        title: "another tenant's domain",
        argv: ['--slug=tayside', '--name=Tayside', '--domain=FIFE.example.net'],
        message: 'fife.example.net is already a domain of a tenant',
      },
      {
        title: 'the national admin host',
        argv: ['--slug=tayside', '--name=Tayside', `--domain=${adminHost}`],
        message: `${adminHost} is the national admin host`,
      },
      {
        title: 'an empty name',
        argv: ['--slug=tayside', '--name=', '--domain=tayside.example.net'],
        message: 'name',
      },
      {
        title: 'a blank name',
        argv: ['--slug=tayside', '--name=   ', '--domain=tayside.example.net'],
        message: 'name',
      },
      {
        title: 'an unsupported language',
        argv: ['--slug=tayside', '--name=Tayside', '--domain=tayside.example.net', '--locale=xx'],
        message: 'locale',
      },
    ])
    .run(async ({ assert }, row) => {
      await fife()
      const before = await snapshot()
      await refused(assert, TenantCreate, row.argv, row.message)
      await assertUnchanged(assert, before)
    })

  test('a missing required flag is refused before anything runs', async ({ assert }) => {
    const before = await snapshot()
    const ace = await app.container.make('ace')
    await assert.rejects(
      () => ace.create(TenantCreate, ['--slug=tayside', '--domain=tayside.example.net']),
      /Missing required option "name"/
    )
    await assertUnchanged(assert, before)
  })

  test('the real process exits non-zero with one line on stderr for a missing flag', ({
    assert,
  }) => {
    const result = spawnSync(process.execPath, ['ace.js', 'tenant:create', '--slug', 'x'], {
      cwd: fileURLToPath(app.appRoot),
      env: process.env,
      encoding: 'utf8',
      timeout: 15_000,
    })
    assert.isNull(result.error ?? null)
    assert.notEqual(result.status, 0)
    const lines = result.stderr.split('\n').filter((line) => line.trim() !== '')
    assert.lengthOf(lines, 1, `stderr was: ${result.stderr}`)
    assert.match(lines[0], /Missing required option "name"/)
  }).timeout(20_000)
})

test.group('tenant:update', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(restoreConsoleOutput)

  test('changes only the settings given', async ({ assert }) => {
    await fife()
    await succeeds(TenantUpdate, [
      'fife',
      '--name=NHS Fife Health Board',
      '--enabled-locales=en-GB,cy',
      '--locale=cy',
      '--time-zone=Europe/Dublin',
      '--contact-email=hello@fife.example.net',
      '--suspension-notice=Back soon',
      '--tagline=Your voice counts',
      '--brand-colour=#1d4ed8',
      '--accent-colour=#ffcc00',
      '--logo-url=https://fife.example.net/logo.svg',
    ])
    const tenant = await findTenant('fife')
    assert.equal(tenant.name, 'NHS Fife Health Board')
    assert.equal(tenant.defaultLocale, 'cy')
    assert.deepEqual(tenant.enabledLocales, ['en-GB', 'cy'])
    assert.equal(tenant.timeZone, 'Europe/Dublin')
    assert.equal(tenant.contactEmail, 'hello@fife.example.net')
    assert.equal(tenant.suspensionNotice, 'Back soon')
    assert.deepEqual(tenant.theme, {
      tagline: 'Your voice counts',
      logoUrl: 'https://fife.example.net/logo.svg',
      colours: { brand: '#1d4ed8', accent: '#ffcc00' },
    })

    await succeeds(TenantUpdate, ['fife', '--contact-email=', '--tagline=Still listening'])
    const again = await findTenant('fife')
    assert.isNull(again.contactEmail)
    assert.equal(again.name, 'NHS Fife Health Board')
    assert.equal(again.theme.tagline, 'Still listening')
    assert.equal(again.theme.logoUrl, 'https://fife.example.net/logo.svg')
  })

  test('changing one colour keeps the other colours', async ({ assert }) => {
    await fife()
    await succeeds(TenantUpdate, ['fife', '--brand-colour=#1d4ed8', '--accent-colour=#ffcc00'])
    await succeeds(TenantUpdate, ['fife', '--accent-colour=#00cc00'])
    const tenant = await findTenant('fife')
    assert.deepEqual(tenant.theme.colours, {
      brand: '#1d4ed8',
      accent: '#00cc00',
    })
  })

  test('refuses {title}, leaving the tables unchanged')
    .with([
      {
        title: 'a brand colour too light for white text',
        argv: ['fife', '--brand-colour=#ffff00'],
        message: 'The brand colour #ffff00 is too light',
      },
      {
        title: 'an update with no options',
        argv: ['fife'],
        message: 'Nothing to change for "fife"',
      },
      {
        title: 'a default language that is not enabled',
        argv: ['fife', '--enabled-locales=cy'],
        message: 'The default language en-GB must be one of the enabled languages',
      },
      {
        title: 'an unknown time zone',
        argv: ['fife', '--time-zone=Mars/Base'],
        message: 'time zone',
      },
      { title: 'an empty name', argv: ['fife', '--name='], message: 'name' },
    ])
    .run(async ({ assert }, row) => {
      await fife()
      const before = await snapshot()
      await refused(assert, TenantUpdate, row.argv, row.message)
      await assertUnchanged(assert, before)
    })
})

test.group('tenant:suspend and tenant:resume', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(restoreConsoleOutput)

  test('suspends once, refuses a second suspension, and resumes', async ({ assert }) => {
    await fife()
    await succeeds(TenantSuspend, ['fife'])
    assert.equal(await statusOf('fife'), 'suspended')

    const before = await snapshot()
    await refused(assert, TenantSuspend, ['fife'], 'fife is already suspended')
    await assertUnchanged(assert, before)

    await succeeds(TenantResume, ['fife'])
    assert.equal(await statusOf('fife'), 'active')

    const resumed = await snapshot()
    await refused(assert, TenantResume, ['fife'], 'fife is already active')
    await assertUnchanged(assert, resumed)
  })
})

test.group('tenant:domain:add and tenant:domain:remove', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(restoreConsoleOutput)

  test('adds, refuses duplicates, keeps the primary and removes others', async ({ assert }) => {
    await fife()
    await succeeds(TenantCreate, [
      '--slug=tayside',
      '--name=NHS Tayside',
      '--domain=tayside.example.net',
    ])

    await succeeds(TenantDomainAdd, ['fife', 'WWW.fife.example.net'])
    assert.deepEqual(domainsOf(await findTenant('fife')), {
      'fife.example.net': true,
      'www.fife.example.net': false,
    })

    let before = await snapshot()
    await refused(
      assert,
      TenantDomainAdd,
      ['fife', 'www.fife.example.net'],
      'www.fife.example.net is already a domain of a tenant'
    )
    await refused(
      assert,
      TenantDomainAdd,
      ['fife', 'tayside.example.net'],
      'tayside.example.net is already a domain of a tenant'
    )
    await refused(assert, TenantDomainAdd, ['fife', adminHost], 'is the national admin host')
    await refused(assert, TenantDomainAdd, ['fife', 'not a host'], 'must be a host name')
    await refused(
      assert,
      TenantDomainRemove,
      ['fife', 'fife.example.net'],
      'fife.example.net is the primary domain of fife'
    )
    await refused(
      assert,
      TenantDomainRemove,
      ['fife', 'tayside.example.net'],
      'tayside.example.net is not a domain of fife'
    )
    await assertUnchanged(assert, before)

    await succeeds(TenantDomainRemove, ['fife', 'www.fife.example.net'])
    assert.deepEqual(domainsOf(await findTenant('fife')), { 'fife.example.net': true })
    assert.deepEqual(domainsOf(await findTenant('tayside')), { 'tayside.example.net': true })
  })

  test('--primary makes the new domain the only primary one', async ({ assert }) => {
    await fife()
    await succeeds(TenantDomainAdd, ['fife', 'voice.fife.example.net', '--primary'])
    assert.deepEqual(domainsOf(await findTenant('fife')), {
      'fife.example.net': false,
      'voice.fife.example.net': true,
    })
    await succeeds(TenantDomainRemove, ['fife', 'fife.example.net'])
    assert.deepEqual(domainsOf(await findTenant('fife')), { 'voice.fife.example.net': true })
  })
})

test.group('Unknown tenant', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(restoreConsoleOutput)

  test('{title} refuses a slug that names no tenant')
    .with([
      { title: 'tenant:update', command: TenantUpdate, argv: ['nowhere', '--name=Nowhere'] },
      { title: 'tenant:suspend', command: TenantSuspend, argv: ['nowhere'] },
      { title: 'tenant:resume', command: TenantResume, argv: ['nowhere'] },
      {
        title: 'tenant:domain:add',
        command: TenantDomainAdd,
        argv: ['nowhere', 'nowhere.example.net'],
      },
      {
        title: 'tenant:domain:remove',
        command: TenantDomainRemove,
        argv: ['nowhere', 'fife.example.net'],
      },
    ])
    .run(async ({ assert }, row) => {
      await fife()
      const before = await snapshot()
      await refused(assert, row.command, row.argv, 'No tenant has the slug "nowhere"')
      await assertUnchanged(assert, before)
    })
})
