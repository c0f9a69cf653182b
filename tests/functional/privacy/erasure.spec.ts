/**
 * Anonymity that holds (issue 14): a story told with personal data in it,
 * moderated, published and then erased leaves none of that data anywhere
 * the test run could have put it.
 */
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import ModerationEvent from '#models/moderation_event'
import Story from '#models/story'
import StoryKey from '#models/story_key'
import type Tenant from '#models/tenant'
import type User from '#models/user'
import { work } from '#services/platform/job_queue'
import { eraseExpiredOriginals } from '#services/stories/story_retention'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import {
  captureRequestLog,
  cellsContaining,
  mailFilesContaining,
} from '#tests/helpers/personal_data'
import { authorLinkIn } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const AUTHOR = 'teller.person@example.test'
const PERSONAL = {
  email: 'morag.contact@mailbox.test',
  phone: '07700 900461',
  name: 'Morag Fairweather',
  nhs: '943 476 5919',
}
const VALUES = Object.values(PERSONAL)
const TOLD = `The nurse ${PERSONAL.name} sat with my dad all night. Write to me at ${PERSONAL.email} or ring ${PERSONAL.phone}; his NHS number is ${PERSONAL.nhs}.`
const MODERATED = 'A nurse sat with my dad all night and made sure he was never alone or afraid.'
const lastMonth = DateTime.now().minus({ months: 1 })

const runJobs = () => work({ once: true, schedules: false })

async function jobText() {
  const { rows } = await db.rawQuery(`select payload::text as payload from jobs order by id`)
  return rows.map((row: { payload: string }) => row.payload).join('\n')
}

/** The author tells the story, confirms it by the emailed link and gets their private link. */
async function tellAndConfirm(client: ApiClient, fife: Tenant) {
  const told = await client
    .post('/tell')
    .header('host', FIFE)
    .form({
      service: 'victoria-hospital-ward-6',
      title: 'A night on the ward',
      body: TOLD,
      month: lastMonth.month,
      year: lastMonth.year,
      authorRole: 'relative',
      ageBand: '45_54',
      displayName: 'Thankful son',
      email: AUTHOR,
      consent: 'on',
    })
    .withCsrfToken()
  told.assertStatus(200)
  const confirm = (await jobText()).match(/\/stories\/confirm\/[A-Za-z0-9_-]+/)![0]
  await runJobs()
  const confirmed = await client.get(confirm).header('host', FIFE)
  confirmed.assertStatus(200)
  const story = await tenancy.run(fife, async () =>
    Story.query().orderBy('id', 'desc').firstOrFail()
  )
  return { story, own: authorLinkIn(confirmed.text()) }
}

/** A moderator asks a question, the author answers with more personal data, then it is published. */
async function moderateAndPublish(
  client: ApiClient,
  fife: Tenant,
  story: Story,
  own: string,
  moderator: User
) {
  const as = (request: ApiRequest) =>
    request.header('host', FIFE).loginAs(moderator).withCsrfToken()
  await as(client.post(`/staff/moderation/${story.id}/claim`))
  await as(client.post(`/staff/moderation/${story.id}/ask`)).form({
    reason: 'May we keep the nurse’s name?',
  })
  await client
    .post(`${own}/answer`)
    .header('host', FIFE)
    .form({ answer: `No, please remove it; my number is ${PERSONAL.phone}` })
    .withCsrfToken()
  await tenancy.run(fife, async () => {
    await story.refresh()
  })
  await as(client.post(`/staff/moderation/${story.id}/claim`))
  await as(client.put(`/staff/moderation/${story.id}`)).form({
    version: story.version,
    publicTitle: 'A night on the ward',
    publicBody: MODERATED,
    criticality: 0,
    decision: 'publish',
  })
  await tenancy.run(fife, async () => {
    await story.refresh()
  })
  if (story.status !== 'published') throw new Error(`story is ${story.status}, not published`)
  /* A reader reports it, quoting the name they think they saw. */
  await client
    .post(`/stories/${story.id}/report`)
    .header('host', FIFE)
    .form({ reason: 'personal_data', message: `Is ${PERSONAL.name} named here?` })
    .withCsrfToken()
  await runJobs()
}

test.group('Erasure leaves no personal data behind', (group) => {
  isolateEachTest(group)

  test('told, moderated, published, then erased on the author’s request: no table, job, log line or mail holds the four values', async ({
    client,
    assert,
    cleanup,
  }) => {
    const since = Date.now() - 1000
    const log = captureRequestLog()
    cleanup(() => log.stop())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const { story, own } = await tellAndConfirm(client, fife)
    await moderateAndPublish(client, fife, story, own, moderator)

    /* Before erasure the values are held, sealed in the moderation history. */
    const before = await cellsContaining(VALUES)
    assert.isTrue(before.found.some((cell) => cell.startsWith('stories.original_body')))
    assert.isFalse(
      before.found.some((cell) => cell.startsWith('moderation_events.')),
      `moderation events hold personal data in clear: ${before.found.join('; ')}`
    )
    const history = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).orderBy('id')
    )
    const asked = history.find((event) => event.action === 'asked_author')!
    assert.include(
      asked.reason ?? '',
      'nurse’s name',
      'staff still read the history before erasure'
    )

    /* The author: a confirmation step, an error without the tick, then erasure. */
    const confirmPage = await client.get(`${own}/erase`).header('host', FIFE)
    confirmPage.assertStatus(200)
    assert.include(confirmPage.text(), 'This cannot be undone')
    const unticked = await client
      .post(`${own}/erase`)
      .header('host', FIFE)
      .withCsrfToken()
      .redirects(0)
    unticked.assertStatus(302)
    const erased = await client
      .post(`${own}/erase`)
      .header('host', FIFE)
      .form({ confirm: 'yes' })
      .withCsrfToken()
    erased.assertStatus(200)
    assert.include(erased.text(), 'Your story is erased')
    await runJobs()

    const publicPage = await client.get(`/stories/${story.id}`).header('host', FIFE)
    publicPage.assertStatus(410)
    assert.include(publicPage.text(), 'withdrawn by its author')
    ;(await client.get(own).header('host', FIFE)).assertStatus(404)

    const after = await cellsContaining([...VALUES, AUTHOR])
    assert.isAbove(after.columns, 50)
    assert.deepEqual(after.found, [])
    assert.notInclude((await jobText()).toLowerCase(), PERSONAL.email)
    const mails = await mailFilesContaining(VALUES, since)
    assert.isAbove(mails.read, 0, 'the mail to the author was sent to a file')
    assert.deepEqual(mails.found, [])
    assert.isAbove(log.lines.length, 5)
    const token = own.split('/').pop()!
    for (const line of log.lines) {
      for (const value of [...VALUES, token]) assert.notInclude(line, value)
    }

    /* The history keeps its shape; its texts read as erased, for staff and in the data. */
    const kept = await tenancy.run(fife, async () =>
      ModerationEvent.query().where('story_id', story.id).orderBy('id')
    )
    assert.deepInclude(
      kept.map((event) => event.action),
      'erased'
    )
    const question = kept.find((event) => event.action === 'asked_author')!
    assert.isNull(question.reason)
    assert.isTrue(question.$extras.erased)
    assert.lengthOf(
      await tenancy.run(fife, async () => StoryKey.query().where('story_id', story.id)),
      0
    )
    /* The history itself stays append-only: erasure destroyed a key, not a row. */
    await assert.rejects(() =>
      tenancy.run(fife, async () =>
        db.transaction(async (trx) => {
          await trx.rawQuery(`update moderation_events set reason = null where id = ?`, [
            question.id,
          ])
        })
      )
    )
  })

  test('the retention erase after the tenant’s period does the same for a withdrawn story', async ({
    client,
    assert,
    cleanup,
  }) => {
    const since = Date.now() - 1000
    const log = captureRequestLog()
    cleanup(() => log.stop())
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const { story, own } = await tellAndConfirm(client, fife)
    await moderateAndPublish(client, fife, story, own, moderator)
    const page = await client.get(own).header('host', FIFE)
    assert.include(
      page.text(),
      'for a limited time, then it is erased',
      'the withdraw page’s promise'
    )
    const withdrawn = await client
      .post(`${own}/withdraw`)
      .header('host', FIFE)
      .form({ confirm: 'yes' })
      .withCsrfToken()
      .redirects(0)
    withdrawn.assertStatus(302)

    /* Not yet: inside the retention period the original is kept. */
    await fife.refresh()
    assert.equal(await eraseExpiredOriginals(fife), 0)
    assert.isNotEmpty((await cellsContaining(VALUES)).found)

    const erased = await eraseExpiredOriginals(fife, {
      now: DateTime.now().plus({ days: fife.retentionDays + 1 }),
    })
    assert.equal(erased, 1)
    await runJobs()
    assert.deepEqual((await cellsContaining([...VALUES, AUTHOR])).found, [])
    assert.deepEqual((await mailFilesContaining(VALUES, since)).found, [])
    for (const line of log.lines) for (const value of VALUES) assert.notInclude(line, value)
    const gone = await client.get(`/stories/${story.id}`).header('host', FIFE)
    gone.assertStatus(410)
    assert.include(gone.text(), 'withdrawn by its author')
  })
})
