import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Response from '#models/response'
import Service from '#models/service'
import type Story from '#models/story'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { refreshListings } from '#services/stories/story_listings'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'
import { fastTrackResponder } from '#tests/helpers/checked'

const FIFE = 'fife.localhost'

async function serviceId(tenant: Tenant, ref: string) {
  return tenancy.run(tenant, async () => (await Service.findByOrFail('ref', ref)).id)
}

/** A story published `daysAgo` days ago, listed as publishing would list it. */
async function publishedDaysAgo(tenant: Tenant, ref: string, daysAgo: number) {
  const story = await makeStory(tenant, ref, { status: 'published', title: `${daysAgo} days` })
  await tenancy.run(tenant, async () => {
    story.publishedAt = DateTime.now().minus({ days: daysAgo })
    await story.save()
    await db.transaction((trx) => refreshListings([story.id], trx))
  })
  return story
}

/** The figures box of a service's public page, as plain text. */
async function figuresOn(client: any, slug: string) {
  const page = await client.get(`/services/${slug}`).header('host', FIFE)
  page.assertStatus(200)
  const box = String(page.text()).match(
    /<section aria-labelledby="figures-heading"[\s\S]*?<\/section>/
  )
  return (box?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

test.group('A service’s figures', (group) => {
  isolateEachTest(group)

  test('response rate, median time to a first response and changes made cover the subtree, the last 12 months and public stories only', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const hospitalId = await serviceId(fife, 'victoria-hospital')
    const responder = await makeStaff(fife, 'responder', 'lead@fife.test', {
      serviceIds: [hospitalId, await serviceId(fife, 'queen-margaret-hospital')],
    })
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    /* Published at once, as these figures count published responses (checks: checked_responses.spec.ts). */
    await fastTrackResponder(fife, responder)

    const respond = async (story: Story, user: User, form: Record<string, unknown>) => {
      ;(
        await client
          .post(`/staff/stories/${story.id}/responses`)
          .header('host', FIFE)
          .loginAs(user)
          .form({ body: 'Thank you; we have spoken with the ward team.', ...form })
          .withCsrfToken()
          .redirects(0)
      ).assertStatus(302)
      return tenancy.run(fife, async () =>
        Response.query().where('story_id', story.id).orderBy('id', 'desc').firstOrFail()
      )
    }
    const confirm = async (response: Response) =>
      client
        .post(`/staff/moderation/responses/${response.id}/change`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ decision: 'confirm' })
        .withCsrfToken()
        .redirects(0)

    const before = await figuresOn(client, 'victoria-hospital')
    assert.include(before, '0 stories published')
    assert.include(before, 'No stories yet')

    /* Under Victoria Hospital: answered after 10 days (change made), after 4 days (change planned), not answered. */
    const tenDays = await publishedDaysAgo(fife, 'victoria-hospital-ward-6', 10)
    const fourDays = await publishedDaysAgo(fife, 'victoria-hospital-ward-6', 4)
    await publishedDaysAgo(fife, 'victoria-hospital-ward-6', 2)
    await confirm(
      await respond(tenDays, responder, {
        serviceId: hospitalId,
        changeKind: 'made',
        changeDescription: 'Night rounds now include a call to relatives.',
      })
    )
    await confirm(
      await respond(fourDays, responder, {
        serviceId: hospitalId,
        changeKind: 'planned',
        changeDescription: 'A quieter ward at night.',
      })
    )
    /* Not counted: older than 12 months; hidden; about another hospital. */
    const old = await publishedDaysAgo(fife, 'victoria-hospital-ward-6', 400)
    await respond(old, responder, { serviceId: hospitalId })
    const hidden = await publishedDaysAgo(fife, 'victoria-hospital-ward-6', 3)
    await respond(hidden, responder, { serviceId: hospitalId })
    ;(
      await client
        .post(`/staff/moderation/${hidden.id}/hide`)
        .header('host', FIFE)
        .loginAs(moderator)
        .form({ reason: 'Names a member of staff' })
        .withCsrfToken()
        .redirects(0)
    ).assertStatus(302)
    const elsewhere = await publishedDaysAgo(fife, 'queen-margaret-hospital', 1)
    await respond(elsewhere, responder, {
      serviceId: await serviceId(fife, 'queen-margaret-hospital'),
    })

    const hospital = await figuresOn(client, 'victoria-hospital')
    assert.include(hospital, '3 stories published')
    assert.include(hospital, '67% responded to')
    assert.include(hospital, 'Median time to a first response: 7 days')
    assert.include(hospital, '1 change made')

    /* The ward's page counts the same stories; the board's adds Queen Margaret's. */
    assert.include(await figuresOn(client, 'victoria-hospital-ward-6'), '3 stories published')
    const board = await figuresOn(client, 'nhs-fife')
    assert.include(board, '4 stories published')
    assert.include(board, '75% responded to')
    assert.include(board, '1 change made')
    assert.include(
      await figuresOn(client, 'queen-margaret-hospital'),
      'Median time to a first response: 1 day'
    )
  })
})
