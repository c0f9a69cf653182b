import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import InvitationLink from '#models/invitation_link'
import Story from '#models/story'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const lastMonth = DateTime.now().minus({ months: 1 })

function storyForm(overrides: Record<string, unknown> = {}) {
  return {
    service: 'victoria-hospital-maternity',
    title: 'Told through the winter survey',
    body: 'The midwives explained every step and stayed with us through a long night on the unit.',
    month: lastMonth.month,
    year: lastMonth.year,
    authorRole: 'patient',
    ageBand: '25_34',
    displayName: 'New mum',
    email: 'author@example.test',
    consent: 'on',
    ...overrides,
  }
}

async function makeLink(client: any, admin: any, form: Record<string, string>) {
  const response = await client
    .post('/staff/invitation-links')
    .header('host', FIFE)
    .loginAs(admin)
    .form(form)
    .withCsrfToken()
    .redirects(0)
  return response
}

test.group('Invitation links', (group) => {
  isolateEachTest(group)

  test('a tenant admin makes a link with a QR code; it pre-selects its service and tag, and counts its stories', async ({
    client,
    assert,
    cleanup,
  }) => {
    mail.fake()
    cleanup(() => mail.restore())
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const made = await makeLink(client, admin, {
      service: 'Maternity Unit',
      campaign: 'Winter 2026 survey',
      closesOn: DateTime.now().plus({ days: 30 }).toISODate()!,
    })
    const link = await tenancy.run(fife, async () =>
      InvitationLink.query().preload('service').firstOrFail()
    )
    assert.equal(made.header('location'), `/staff/invitation-links/${link.id}`)
    assert.equal(link.service.ref, 'victoria-hospital-maternity')
    const printable = await client
      .get(`/staff/invitation-links/${link.id}`)
      .header('host', FIFE)
      .loginAs(admin)
    assert.include(printable.text(), '<svg')
    assert.include(printable.text(), `/i/${link.code}`)

    const start = await client.get(`/i/${link.code}`).header('host', FIFE).redirects(0)
    assert.equal(start.header('location'), '/tell/story?service=victoria-hospital-maternity')
    assert.equal(start.session().invitationLinkId, link.id)

    const form = await client
      .get('/tell/story?service=victoria-hospital-maternity')
      .header('host', FIFE)
      .withSession({ invitationLinkId: link.id })
    assert.include(form.text(), 'You are telling your story as part of “Winter 2026 survey”.')

    await client
      .post('/tell')
      .header('host', FIFE)
      .withSession({ invitationLinkId: link.id })
      .form(storyForm())
      .withCsrfToken()
    const story = await tenancy.run(fife, async () =>
      Story.findByOrFail('title', 'Told through the winter survey')
    )
    assert.equal(story.invitationLinkId, link.id)

    const count = async () => {
      const page = await client.get('/staff/invitation-links').header('host', FIFE).loginAs(admin)
      return page.text().match(/data-label="Stories told">(\d+)</)?.[1]
    }
    assert.equal(await count(), '0', 'a story never confirmed is not counted')
    await tenancy.run(fife, async () => {
      story.merge({ status: 'awaiting_moderation', confirmedAt: DateTime.now() })
      await story.save()
    })
    assert.equal(await count(), '1')

    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const moderation = await client
      .get(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .loginAs(moderator)
    assert.include(moderation.text(), 'Told through the invitation link “Winter 2026 survey”.')
  })

  test('a closed link starts nothing but still lets people tell a story', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const link = await tenancy.run(fife, async () => {
      const { createInvitationLink } = await import('#services/stories/invitation_links')
      const { default: Service } = await import('#models/service')
      const service = await Service.findByOrFail('ref', 'victoria-hospital-maternity')
      return createInvitationLink({
        serviceId: service.id,
        campaign: 'Autumn',
        closesOn: DateTime.now().minus({ days: 2 }),
      })
    })
    const closed = await client.get(`/i/${link.code}`).header('host', FIFE).redirects(0)
    closed.assertStatus(200)
    assert.include(closed.text(), 'This invitation has closed')
    assert.include(closed.text(), 'href="/tell"')
    assert.isUndefined(closed.session().invitationLinkId)

    await client
      .post('/tell')
      .header('host', FIFE)
      .withSession({ invitationLinkId: link.id })
      .form(storyForm())
      .withCsrfToken()
    const story = await tenancy.run(fife, async () =>
      Story.findByOrFail('title', 'Told through the winter survey')
    )
    assert.isNull(story.invitationLinkId)
    const unknown = await client.get('/i/nothing-here').header('host', FIFE)
    unknown.assertStatus(404)
  })

  test('a bad service or campaign is refused with its message; only tenant admins manage links', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const refused = await makeLink(client, admin, { service: 'hospital', campaign: 'x' })
    assert.deepEqual(Object.keys(refused.flashMessage('inputErrorsBag')), ['campaign'])
    const unknownService = await makeLink(client, admin, {
      service: 'hospital',
      campaign: 'Spring',
    })
    assert.deepEqual(Object.keys(unknownService.flashMessage('inputErrorsBag')), ['service'])
    ;(
      await client.get('/staff/invitation-links').header('host', FIFE).loginAs(moderator)
    ).assertStatus(403)
    const byModerator = await client
      .post('/staff/invitation-links')
      .header('host', FIFE)
      .loginAs(moderator)
      .form({ service: 'Maternity Unit', campaign: 'Spring' })
      .withCsrfToken()
    byModerator.assertStatus(403)
    const links = await tenancy.run(fife, async () => InvitationLink.all())
    assert.lengthOf(links, 0)
  })

  test('another tenant’s link, page and count are out of reach', async ({ client, assert }) => {
    const { fife, england } = await demoDirectory()
    const fifeAdmin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const englandLink = await tenancy.run(england, async () => {
      const { createInvitationLink } = await import('#services/stories/invitation_links')
      const { default: Service } = await import('#models/service')
      const service = await Service.findByOrFail('ref', 'leeds-teaching-hospitals')
      return createInvitationLink({
        serviceId: service.id,
        campaign: 'England only',
        closesOn: null,
      })
    })
    ;(await client.get(`/i/${englandLink.code}`).header('host', FIFE)).assertStatus(404)
    const page = await client
      .get(`/staff/invitation-links/${englandLink.id}`)
      .header('host', FIFE)
      .loginAs(fifeAdmin)
    page.assertStatus(404)
    const list = await client.get('/staff/invitation-links').header('host', FIFE).loginAs(fifeAdmin)
    assert.notInclude(list.text(), 'England only')
    const onEngland = await client
      .post('/staff/invitation-links')
      .header('host', ENGLAND)
      .loginAs(fifeAdmin)
      .form({ service: 'leeds-teaching-hospitals', campaign: 'Sneaky' })
      .withCsrfToken()
    assert.oneOf(onEngland.status(), [302, 403])
    const englandLinks = await tenancy.run(england, async () => InvitationLink.all())
    assert.lengthOf(englandLinks, 1)
  })
})
