import { test } from '@japa/runner'
import AuditEvent from '#models/audit_event'
import Tenant from '#models/tenant'
import TenantLogo from '#models/tenant_logo'
import { tenancy } from '#tenancy/context'
import { isolateEachTest, makeStaff, makeTenant } from '#tests/helpers/tenants'
import { tinyPng } from '#tests/helpers/images'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'

const GOOD_FORM = {
  tagline: 'Your care, your voice',
  brandColour: '#224466',
  accentColour: '#ffdd00',
  defaultLocale: 'en-GB',
  enabledLocales: ['en-GB', 'cy'],
  timeZone: 'Europe/London',
  contactEmail: 'hello@fife.example.org',
  searchExamples: 'Victoria Hospital, Ward 6',
  footerLinkLabel0: 'Accessibility',
  footerLinkUrl0: 'https://fife.example.org/accessibility',
}

async function fifeNow() {
  return tenancy.acrossTenants('test: read the tenant', async () =>
    Tenant.findByOrFail('slug', 'fife')
  )
}

async function settingsAudit(tenant: Tenant) {
  return tenancy.run(tenant, async () =>
    AuditEvent.query().whereIn('action', ['settings.updated', 'settings.logo_changed'])
  )
}

test.group('Tenant settings (/staff/settings)', (group) => {
  isolateEachTest(group)

  test('a tenant admin changes colours, tagline and footer links and the public pages show them at once', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    /* Warm the host cache, as a visitor would have. */
    const before = await client.get('/').header('host', FIFE)
    assert.notInclude(before.text(), 'Your care, your voice')

    const page = await client.get('/staff/settings').header('host', FIFE).loginAs(admin)
    page.assertStatus(200)
    assert.include(page.text(), 'Site settings')

    const saved = await client
      .put('/staff/settings')
      .header('host', FIFE)
      .loginAs(admin)
      .form(GOOD_FORM)
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    assert.equal(saved.header('location'), '/staff/settings')
    assert.isUndefined(saved.flashMessage('inputErrorsBag'))

    const home = await client.get('/').header('host', FIFE)
    assert.include(home.text(), 'Your care, your voice')
    assert.include(home.text(), 'href="https://fife.example.org/accessibility"')
    const theme = await client
      .get(home.text().match(/href="(\/theme\.css\?v=\d+)"/)![1])
      .header('host', FIFE)
    assert.include(theme.text(), '--colour-brand: #224466')
    assert.include(theme.text(), '--colour-accent: #ffdd00')
    const services = await client.get('/services').header('host', FIFE)
    assert.include(services.text(), 'for example Victoria Hospital, Ward 6')

    const tenant = await fifeNow()
    assert.deepEqual(tenant.enabledLocales, ['en-GB', 'cy'])
    assert.equal(tenant.contactEmail, 'hello@fife.example.org')
    assert.equal(tenant.name, 'Carevoice Fife')
    const audit = await settingsAudit(fife)
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].actorEmail, 'admin@fife.test')
    assert.deepEqual((audit[0].details as any).changed.brandColour, {
      from: '#123456',
      to: '#224466',
    })
  })

  test('a low-contrast colour is refused with its ratio, the input kept and nothing saved', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const refused = await client
      .put('/staff/settings')
      .header('host', FIFE)
      .loginAs(admin)
      .form({ ...GOOD_FORM, brandColour: '#ffff00', accentColour: '#333333' })
      .withCsrfToken()
      .redirects(0)
    refused.assertStatus(302)
    const bag = refused.flashMessage('inputErrorsBag') as Record<string, string[]>
    assert.include(bag.brandColour[0], '#ffff00 has a contrast of 1.07:1 with white text')
    assert.include(bag.brandColour[0], '4.5:1')
    assert.include(bag.accentColour[0], 'contrast of')
    assert.equal(refused.flashMessage('brandColour'), '#ffff00')
    assert.equal(refused.flashMessage('tagline'), 'Your care, your voice')

    const tenant = await fifeNow()
    assert.equal(tenant.theme.colours?.brand, '#123456')
    assert.equal(tenant.theme.tagline, 'Tagline of fife')
    assert.lengthOf(await settingsAudit(fife), 0)

    /* And the message is beside the field on the page it comes back to. */
    const form = await client
      .get('/staff/settings')
      .header('host', FIFE)
      .loginAs(admin)
      .withSession({})
      .withFlashMessages({
        inputErrorsBag: bag,
        brandColour: '#ffff00',
      } as never)
    assert.include(form.text(), 'id="field-brandColour-error"')
    assert.include(form.text(), 'value="#ffff00"')
  })

  test('bad input gets a message beside its field and nothing is saved', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const attempts: [Record<string, unknown>, string][] = [
      [{ tagline: '<b>Big</b> news' }, 'tagline'],
      [{ tagline: 'x'.repeat(5000) }, 'tagline'],
      [{ tagline: ['two', 'values'] }, 'tagline'],
      [{ footerLinkUrl0: 'javascript:alert(1)' }, 'footerLinkUrl0'],
      [{ footerLinkUrl0: 'http://fife.example.org' }, 'footerLinkUrl0'],
      [{ footerLinkLabel1: 'Only a label' }, 'footerLinkUrl1'],
      [{ brandColour: 'red' }, 'brandColour'],
      [{ enabledLocales: ['xx'] }, 'enabledLocales.0'],
      [{ defaultLocale: 'cy', enabledLocales: ['en-GB'] }, 'defaultLocale'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ contactEmail: 'not an address' }, 'contactEmail'],
      [{ searchExamples: 'y'.repeat(300) }, 'searchExamples'],
    ]
    for (const [change, field] of attempts) {
      const response = await client
        .put('/staff/settings')
        .header('host', FIFE)
        .loginAs(admin)
        .form({ ...GOOD_FORM, ...change })
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
      const bag = (response.flashMessage('inputErrorsBag') ?? {}) as Record<string, string[]>
      assert.include(Object.keys(bag), field, JSON.stringify(change))
      assert.isString(bag[field][0])
    }
    const tenant = await fifeNow()
    assert.equal(tenant.theme.tagline, 'Tagline of fife')
    assert.lengthOf(await settingsAudit(fife), 0)
  })

  test('an uploaded logo shows on the public pages at once, also as the icon, served with a long cache', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await client.get('/').header('host', FIFE)
    const png = tinyPng()
    const uploaded = await client
      .post('/staff/settings/logo')
      .header('host', FIFE)
      .loginAs(admin)
      .file('logo', png, { filename: 'logo.png' })
      .withCsrfToken()
      .redirects(0)
    uploaded.assertStatus(302)
    assert.isUndefined(uploaded.flashMessage('inputErrorsBag'))

    const home = await client.get('/').header('host', FIFE)
    const src = home.text().match(/<img class="site-header__logo" src="([^"]+)"/)?.[1]
    assert.match(src!, /^\/branding\/logo\/[0-9a-f]{64}\.png$/)
    assert.include(home.text(), `<link rel="icon" href="${src}">`)
    const logo = await client.get(src!).header('host', FIFE)
    logo.assertStatus(200)
    assert.equal(logo.header('content-type'), 'image/png')
    assert.include(logo.header('cache-control'), 'max-age=31536000')
    assert.include(logo.header('cache-control'), 'immutable')
    const stored = await tenancy.run(fife, async () => TenantLogo.firstOrFail())
    assert.isTrue(stored.bytes.equals(png))

    /* Another tenant's host does not serve it. */
    await makeTenant('england')
    const elsewhere = await client.get(src!).header('host', ENGLAND)
    elsewhere.assertStatus(404)
    assert.lengthOf(await settingsAudit(fife), 1)
  })

  test('an SVG logo is stored without scripts, event handlers, foreign objects or outside references', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const svg = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <foreignObject><iframe src="https://evil.example"></iframe></foreignObject>
  <a href="javascript:alert(3)"><rect width="5" height="5"/></a>
  <image href="https://evil.example/track.png"/>
  <use xlink:href="https://evil.example/sprite.svg#a"/>
  <use href="#dot"/>
  <circle id="dot" cx="5" cy="5" r="4" fill="url(https://evil.example/p)" stroke="#1d4f91" onclick="alert(4)"/>
  <rect width="2" height="2" fill="url(#grad)"/>
</svg>`
    const uploaded = await client
      .post('/staff/settings/logo')
      .header('host', FIFE)
      .loginAs(admin)
      .file('logo', Buffer.from(svg), { filename: 'logo.svg' })
      .withCsrfToken()
      .redirects(0)
    assert.isUndefined(uploaded.flashMessage('inputErrorsBag'))
    const stored = await tenancy.run(fife, async () => TenantLogo.firstOrFail())
    const text = stored.bytes.toString('utf8')
    assert.equal(stored.contentType, 'image/svg+xml')
    for (const bad of [
      'script',
      'alert',
      'onload',
      'onclick',
      'foreignObject',
      'iframe',
      'evil.example',
      '@import',
      '<a',
      '<image',
      'style',
    ]) {
      assert.notInclude(text, bad)
    }
    assert.include(text, '<circle id="dot"')
    assert.include(text, 'href="#dot"')
    assert.include(text, 'fill="url(#grad)"')
    const served = await client.get(`/branding/logo/${stored.contentHash}.svg`).header('host', FIFE)
    served.assertStatus(200)
    assert.include(served.header('content-security-policy'), "default-src 'none'")
  })

  test('oversized, fake and missing logos are refused with a message and nothing changes', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const big = Buffer.concat([tinyPng(), Buffer.alloc(250 * 1024)])
    const attempts: [Buffer | null, string, string][] = [
      [big, 'big.png', '200 KB'],
      [Buffer.from('just some text, not a picture'), 'fake.png', 'PNG, JPEG or SVG'],
      [Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>'), 'entity.svg', 'SVG'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'page.svg', 'PNG, JPEG or SVG'],
      [null, '', 'Choose a logo file'],
    ]
    for (const [bytes, filename, text] of attempts) {
      const request = client.post('/staff/settings/logo').header('host', FIFE).loginAs(admin)
      if (bytes) request.file('logo', bytes, { filename })
      else request.field('nothing', 'here')
      const response = await request.withCsrfToken().redirects(0)
      response.assertStatus(302)
      const bag = (response.flashMessage('inputErrorsBag') ?? {}) as Record<string, string[]>
      assert.include(bag.logo?.[0] ?? '', text, filename)
    }
    assert.lengthOf(await tenancy.run(fife, async () => TenantLogo.all()), 0)
    assert.isUndefined((await fifeNow()).theme.logoUrl)
  })

  test('moderators and responders get 403 and change nothing', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    for (const role of ['moderator', 'responder'] as const) {
      const user = await makeStaff(fife, role, `${role}@fife.test`)
      const page = await client.get('/staff/settings').header('host', FIFE).loginAs(user)
      page.assertStatus(403)
      const put = await client
        .put('/staff/settings')
        .header('host', FIFE)
        .loginAs(user)
        .form(GOOD_FORM)
        .withCsrfToken()
        .redirects(0)
      put.assertStatus(403)
      const logo = await client
        .post('/staff/settings/logo')
        .header('host', FIFE)
        .loginAs(user)
        .file('logo', tinyPng(), { filename: 'logo.png' })
        .withCsrfToken()
        .redirects(0)
      logo.assertStatus(403)
      const removed = await client
        .delete('/staff/settings/logo')
        .header('host', FIFE)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      removed.assertStatus(403)
    }
    assert.equal((await fifeNow()).theme.tagline, 'Tagline of fife')
  })

  test('an England tenant admin cannot change Fife’s settings, and changes only England’s', async ({
    client,
    assert,
  }) => {
    const fife = await makeTenant('fife')
    const england = await makeTenant('england')
    const englandAdmin = await makeStaff(england, 'tenant_admin', 'admin@england.test')
    for (const attempt of [
      client.get('/staff/settings'),
      client.put('/staff/settings').form(GOOD_FORM),
      client.post('/staff/settings/logo').file('logo', tinyPng(), { filename: 'logo.png' }),
      client.delete('/staff/settings/logo'),
    ]) {
      const response = await attempt
        .header('host', FIFE)
        .loginAs(englandAdmin)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(403)
    }
    const own = await client
      .put('/staff/settings')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .form(GOOD_FORM)
      .withCsrfToken()
      .redirects(0)
    own.assertStatus(302)
    const logo = await client
      .post('/staff/settings/logo')
      .header('host', ENGLAND)
      .loginAs(englandAdmin)
      .file('logo', tinyPng(), { filename: 'logo.png' })
      .withCsrfToken()
      .redirects(0)
    logo.assertStatus(302)
    assert.equal((await fifeNow()).theme.tagline, 'Tagline of fife')
    assert.isUndefined((await fifeNow()).theme.logoUrl)
    assert.lengthOf(await tenancy.run(fife, async () => TenantLogo.all()), 0)
    assert.lengthOf(await settingsAudit(fife), 0)
    const fifeHome = await client.get('/').header('host', FIFE)
    assert.notInclude(fifeHome.text(), 'Your care, your voice')
  })

  test('a tenant admin removes the logo', async ({ client, assert }) => {
    const fife = await makeTenant('fife')
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    await client
      .post('/staff/settings/logo')
      .header('host', FIFE)
      .loginAs(admin)
      .file('logo', tinyPng(), { filename: 'logo.png' })
      .withCsrfToken()
    const removed = await client
      .delete('/staff/settings/logo')
      .header('host', FIFE)
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    removed.assertStatus(302)
    const home = await client.get('/').header('host', FIFE)
    assert.notInclude(home.text(), 'site-header__logo')
    assert.lengthOf(await tenancy.run(fife, async () => TenantLogo.all()), 0)
  })
})
