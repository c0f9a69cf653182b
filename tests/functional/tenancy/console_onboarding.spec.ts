import { test } from '@japa/runner'
import { rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import mail from '@adonisjs/mail/services/main'
import Membership from '#models/membership'
import StaffInvitation from '#models/staff_invitation'
import Story from '#models/story'
import Tenant from '#models/tenant'
import User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { exportTenant } from '#services/tenants/transfer/export_tenant'
import { importTenant } from '#services/tenants/transfer/import_tenant'
import { retireTenant } from '#services/tenants/transfer/retire_tenant'
import { logoPath } from '#services/tenants/tenant_settings'
import TenantLogo from '#models/tenant_logo'
import { tenancy } from '#tenancy/context'
import { tinyPng } from '#tests/helpers/images'
import { demoDirectory } from '#tests/helpers/directory'
import { countQueries } from '#tests/helpers/queries'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeNationalAdmin, makeStaff, makeTenant } from '#tests/helpers/tenants'

const ADMIN = 'admin.localhost'

function lastMail(fake: ReturnType<typeof mail.fake>) {
  const messages = [...fake.messages.sent(), ...fake.messages.queued()]
  return messages[messages.length - 1]
}

test.group('National console: onboarding a tenant', (group) => {
  isolateEachTest(group)

  test('creating a tenant invites its first admin, who accepts on the new host and signs in', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    const admin = await makeNationalAdmin()
    const created = await client
      .post('/tenants')
      .header('host', ADMIN)
      .loginAs(admin)
      .form({
        slug: 'lothian',
        name: 'Carevoice Lothian',
        domain: 'lothian.localhost',
        adminEmail: 'First.Admin@Lothian.test',
      })
      .withCsrfToken()
      .redirects(0)
    created.assertStatus(302)
    assert.equal(created.header('location'), '/tenants/lothian')
    assert.include(created.flashMessage('success'), 'first.admin@lothian.test was invited')

    fake.messages.assertQueued({ to: 'first.admin@lothian.test' })
    const message = lastMail(fake)
    const text = String(message.nodeMailerMessage.text)
    assert.include(text, 'Carevoice Lothian')
    const link = new URL(text.match(/https?:\/\/\S+/)![0])
    assert.equal(link.hostname, 'lothian.localhost')
    assert.match(link.pathname, /^\/staff\/invitations\/[\w-]{40,}$/)

    /* The link works on the new tenant's host only. */
    const lothian = await tenancy.acrossTenants('test', async () =>
      Tenant.findByOrFail('slug', 'lothian')
    )
    const invitation = await tenancy.run(lothian, async () => StaffInvitation.firstOrFail())
    assert.equal(invitation.role, 'tenant_admin')
    const page = await client.get(link.pathname).header('host', 'lothian.localhost')
    page.assertStatus(200)
    const accepted = await client
      .put(link.pathname)
      .header('host', 'lothian.localhost')
      .form({ name: 'Fran First', password: 'a-brand-new-password' })
      .withCsrfToken()
      .redirects(0)
    assert.equal(accepted.header('location'), '/staff')

    const user = await User.findByOrFail('email', 'first.admin@lothian.test')
    const roles = await tenancy.run(lothian, async () =>
      Membership.query().where('user_id', user.id)
    )
    assert.deepEqual(
      roles.map((membership) => membership.role),
      ['tenant_admin']
    )

    /* Later, they sign in with the password they chose, and may use the settings page. */
    const signedIn = await client
      .post('/staff/sign-in')
      .header('host', 'lothian.localhost')
      .form({ email: 'first.admin@lothian.test', password: 'a-brand-new-password' })
      .withCsrfToken()
      .redirects(0)
    signedIn.assertStatus(302)
    assert.equal(signedIn.header('location'), '/staff')
    const settings = await client
      .get('/staff/settings')
      .header('host', 'lothian.localhost')
      .loginAs(user)
    settings.assertStatus(200)
  })

  test('a refused tenant invites no one, and a bad first admin address is refused beside its field', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fake = mail.fake()
    cleanup(() => mail.restore())
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    const attempts = [
      [{ slug: 'new', name: 'New', domain: 'fife.localhost', adminEmail: 'a@new.test' }, 'domain'],
      [
        { slug: 'new', name: 'New', domain: 'new.localhost', adminEmail: 'not an email' },
        'adminEmail',
      ],
    ] as const
    for (const [form, field] of attempts) {
      const response = await client
        .post('/tenants')
        .header('host', ADMIN)
        .loginAs(admin)
        .form(form)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const bag = response.flashMessage('inputErrorsBag') as Record<string, string[]>
      assert.property(bag, field)
      assert.equal(response.flashMessage('adminEmail'), form.adminEmail)
    }
    assert.lengthOf(fake.messages.queued(), 0)
    assert.lengthOf(fake.messages.sent(), 0)
    assert.isNull(await tenancy.acrossTenants('test', async () => Tenant.findBy('slug', 'new')))
  })

  test('shows platform figures per tenant, with one query per figure however many tenants', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const admin = await makeNationalAdmin()
    const old = await makeStory(fife, 'victoria-hospital')
    await tenancy.run(fife, async () => {
      old.confirmedAt = DateTime.fromISO('2026-01-02T09:30:00Z')
      await old.save()
    })
    await makeStory(fife, 'victoria-hospital')
    await makeStory(fife, 'victoria-hospital', { status: 'published' })
    const answered = await makeStory(fife, 'victoria-hospital', { status: 'published' })
    await tenancy.run(fife, async () => {
      await Story.query().where('id', answered.id).update({ firstResponseAt: new Date() })
    })
    await makeStaff(fife, 'moderator', 'mod@fife.test')
    await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await tenancy.run(fife, async () => {
      await auditTenant({ action: 'sign_in.failed', subject: { type: 'user', id: 'x@fife.test' } })
      await auditTenant({ action: 'sign_in.failed', subject: { type: 'user', id: 'y@fife.test' } })
    })

    const page = await client.get('/').header('host', ADMIN).loginAs(admin)
    page.assertStatus(200)
    const row = (slug: string) =>
      page
        .text()
        .match(new RegExp(`<tr data-tenant="${slug}">([\\s\\S]*?)</tr>`))![1]
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    /* name, this month (the January one is older unless it is January), awaiting, oldest, responded, staff, failures */
    const thisMonth = DateTime.now().month === 1 && DateTime.now().year === 2026 ? 4 : 3
    assert.equal(row('fife'), `Carevoice Fife ${thisMonth} 2 2026-01-02 09:30 50% of 2 2 2`)
    assert.equal(row('england'), 'Carevoice England 0 0 none none 0 0')
    assert.exists(england)

    /* More tenants, the same number of queries. */
    const before = await countQueries(() => client.get('/').header('host', ADMIN).loginAs(admin))
    for (const slug of ['lothian', 'tayside', 'grampian']) {
      const tenant = await makeTenant(slug)
      await makeStaff(tenant, 'moderator', `mod@${slug}.test`)
    }
    const after = await countQueries(() => client.get('/').header('host', ADMIN).loginAs(admin))
    assert.equal(after.length, before.length)
  })

  test('exports, imports and retirements show on the console’s audit page, and the logo moves with its tenant', async ({
    client,
    assert,
    cleanup,
  }) => {
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    const admin = await makeNationalAdmin()
    const file = app.tmpPath(`console-audit-${process.pid}.cvx`)
    cleanup(() => rmSync(file, { force: true }))
    const passphrase = 'a long enough passphrase'
    /* The logo's bytes travel with the tenant too. */
    const bytes = tinyPng()
    const logo = await tenancy.run(fife, () =>
      TenantLogo.create({
        contentHash: createHash('sha256').update(bytes).digest('hex'),
        contentType: 'image/png',
        bytes,
      })
    )
    await exportTenant('fife', file, passphrase, admin)
    await tenancy.acrossTenants('test: the tenant leaves this deployment', async () => {
      await Tenant.query().where('id', fife.id).delete()
    })
    await importTenant(file, passphrase, admin)
    const served = await client.get(logoPath(logo)).header('host', 'fife.localhost')
    served.assertStatus(200)
    assert.equal(served.header('content-type'), 'image/png')
    await retireTenant('fife', 'https://fife.example.org', admin)

    const page = await client.get('/audit').header('host', ADMIN).loginAs(admin)
    page.assertStatus(200)
    for (const action of ['tenant.exported', 'tenant.imported', 'tenant.retired']) {
      assert.include(page.text(), `<td>${action}</td>`)
    }
    assert.include(page.text(), admin.email)
  })
})
