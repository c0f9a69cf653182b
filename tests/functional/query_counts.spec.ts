import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuthorReply from '#models/author_reply'
import Response from '#models/response'
import Service from '#models/service'
import type Story from '#models/story'
import type Tenant from '#models/tenant'
import { refreshProgress } from '#services/stories/story_progress'
import { tenancy } from '#tenancy/context'
import { hostCache } from '#tenancy/host_cache'
import { demoDirectory } from '#tests/helpers/directory'
import { countQueries } from '#tests/helpers/queries'
import { makeStory, tagStory, makeTag } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const WARD = 'victoria-hospital-ward-6'
/** The two queries that resolve a request's host to its tenant when the cache has expired. */
const HOST_LOOKUP = [
  /^select \* from "tenant_domains" where "hostname" = \?/,
  /^select \* from "tenants" where "id" in \(\?\)/,
]

/** A response to the story, with a published reply and a change claim waiting for a moderator. */
async function answered(tenant: Tenant, story: Story, serviceId: number) {
  await tenancy.run(tenant, async () => {
    const response = await Response.create({
      storyId: story.id,
      serviceId,
      authorName: 'Ward manager',
      body: 'Thank you for telling us.',
      changeKind: 'planned',
      changeDescription: 'Quieter nights.',
      changeStatus: 'pending',
      editableUntil: DateTime.now(),
    })
    await AuthorReply.create({
      storyId: story.id,
      responseId: response.id,
      originalBody: 'Thank you.',
      publicBody: 'Thank you.',
      status: 'published',
    })
    await AuthorReply.create({
      storyId: story.id,
      responseId: response.id,
      originalBody: 'One more thing.',
      status: 'awaiting_moderation',
    })
    await db.transaction((trx) => refreshProgress(story.id, trx))
  })
}

/*
 * Each page is loaded with a few rows, then with many more: the number of
 * SQL queries it runs must not change (a query per row would be N+1).
 */
test.group('Queries per page do not grow with the rows listed', (group) => {
  isolateEachTest(group)

  test('public pages, feeds, the inbox, the queue and the checks page', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const ward = await tenancy.run(fife, () =>
      Service.query().where('ref', WARD).preload('area').firstOrFail()
    )
    const tag = await makeTag(fife, 'Kindness')
    const responder = await makeStaff(fife, 'responder', 'ward@fife.test', {
      serviceIds: [ward.id],
    })
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const firstStory = await makeStory(fife, WARD, { status: 'published', title: 'First' })

    const addStories = async (count: number) => {
      for (let index = 0; index < count; index++) {
        const story = await makeStory(fife, WARD, { status: 'published', title: `Told ${index}` })
        await tagStory(fife, story, tag.id)
        await answered(fife, story, ward.id)
        await answered(fife, firstStory, ward.id)
        await makeStory(fife, WARD, { title: `Waiting ${index}` })
      }
    }
    const pages: [string, string, typeof responder | null][] = [
      ['home page', '/', null],
      ['story search', '/stories?q=told', null],
      ['filtered search', `/stories?q=told&service=${WARD}&tag=${tag.id}`, null],
      ['search feed', '/stories/feed.atom?q=told', null],
      ['tag page', `/tags/${tag.id}`, null],
      ['ward figures', `/services/${WARD}/figures`, null],
      ['site figures', '/figures', null],
      ['sitemap', '/sitemap.xml', null],
      ['ward page', `/services/${WARD}`, null],
      ['area page', `/areas/${ward.area!.slug}`, null],
      ['tag feed', `/tags/${tag.id}/feed.atom`, null],
      ['story page', `/stories/${firstStory.id}`, null],
      ['site feed', '/feeds/stories.atom', null],
      ['ward feed', `/services/${WARD}/feed.atom`, null],
      ['inbox', '/staff/inbox', responder],
      ['staff story page', `/staff/stories/${firstStory.id}`, responder],
      ['moderation queue', '/staff/moderation', moderator],
      ['checks', '/staff/moderation/checks', moderator],
    ]
    const measure = async () => {
      const counts: Record<string, number> = {}
      for (const [name, path, user] of pages) {
        /*
         * The host cache keeps a tenant for 5 s, which a slow run crosses
         * mid-round: every page starts cold, so each round counts the lookup.
         */
        hostCache.clear()
        const request = client.get(path).header('host', FIFE)
        if (user) request.loginAs(user)
        const queries = await countQueries(async () => {
          const response = await request
          response.assertStatus(200)
        })
        /*
         * The host's tenant is cached for 5 s (#tenancy/host_cache): on a busy
         * machine a page may look it up again. That costs the same whatever
         * the rows, so it is not counted here.
         */
        counts[name] = queries.filter((sql) => !HOST_LOOKUP.some((query) => query.test(sql))).length
      }
      return counts
    }

    await addStories(2)
    await measure() /* first visits record staff reads; count from the second */
    const few = await measure()
    await addStories(10)
    const many = await measure()
    for (const [name] of pages) assert.isAbove(few[name], 0, `${name} ran no query at all`)
    assert.deepEqual(many, few)
  })
})
