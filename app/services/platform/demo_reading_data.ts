/**
 * Demo data worth reading: for every demo tenant, 42 invented, clearly
 * fictional published stories over the last 12 months, across its
 * services, tags and progress states, many with responses, some with
 * confirmed changes and author replies, and readers who experienced the
 * same. In Fife also one row or more of every kind of staff and reader
 * record (alerts, watches, invitations, reports, views, subscriptions and
 * their deliveries, author links, moderation and audit events), so the
 * demo shows every part of the product and the row-security test reaches
 * every table. Runs once, on the empty database demo:seed fills.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AlertDelivery from '#models/alert_delivery'
import AlertSetting from '#models/alert_setting'
import AuthorReply, { REPLY_STATUS } from '#models/author_reply'
import ModerationEvent from '#models/moderation_event'
import Response from '#models/response'
import Service from '#models/service'
import StaffInvitation from '#models/staff_invitation'
import StaffWatch from '#models/staff_watch'
import Story, { STORY_STATUS } from '#models/story'
import StoryAuthorLink from '#models/story_author_link'
import StoryReport from '#models/story_report'
import StoryServiceLink from '#models/story_service_link'
import StoryTag from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import Subscription from '#models/subscription'
import SubscriptionDelivery from '#models/subscription_delivery'
import Tenant from '#models/tenant'
import User from '#models/user'
import { auditTenant } from '#services/platform/audit'
import { addExperience } from '#services/reading/experiences'
import { newToken } from '#services/platform/secret_tokens'
import { rebuildAllListings } from '#services/stories/story_listings'
import { refreshProgress } from '#services/stories/story_progress'
import { tenancy } from '#tenancy/context'
import { MODERATION_ACTION } from '#services/moderation/moderation_actions'

export const DEMO_READING_STORIES = 42

const FICTIONAL = 'This is an invented story for the demo.'

/** Fourteen invented experiences; each is told three times, about different services. */
const EXPERIENCES: {
  title: string
  body: string
  good: number
  improve: number
  feeling: number
}[] = [
  {
    title: 'Kind night staff at {service}',
    body: 'My father was frightened in the night. The nurse sat with him, explained every test before it happened and came back to check on him without being asked.',
    good: 0,
    improve: 1,
    feeling: 0,
  },
  {
    title: 'A long wait at {service}',
    body: 'We waited almost five hours to be seen. Nobody told us how long it would be, and the board showing waiting times was switched off. When we were seen, the doctor was thorough and kind.',
    good: 2,
    improve: 0,
    feeling: 3,
  },
  {
    title: 'Discharge felt rushed at {service}',
    body: 'My mother was discharged late on a Friday without her medicines. We had to come back the next morning and wait again at the pharmacy. Nobody explained what the new tablets were for.',
    good: 1,
    improve: 2,
    feeling: 5,
  },
  {
    title: 'They listened to my worries at {service}',
    body: 'I was anxious about the operation. The anaesthetist listened, answered every question and drew a little diagram to explain what would happen. I felt involved in every decision.',
    good: 1,
    improve: 1,
    feeling: 2,
  },
  {
    title: 'Parking made us late at {service}',
    body: 'The car park was full and we drove round for forty minutes. We missed the appointment slot, but the receptionist found us another one the same afternoon.',
    good: 0,
    improve: 5,
    feeling: 5,
  },
  {
    title: 'Clean, calm and well organised: {service}',
    body: 'Everything was spotless and the staff worked calmly together. The porter chatted to my son all the way to the scanner, which helped him not to be scared.',
    good: 3,
    improve: 3,
    feeling: 1,
  },
  {
    title: 'Pain relief came too late at {service}',
    body: 'After the operation I asked for pain relief several times. It took over an hour to arrive because only one nurse could sign for it. The nurses apologised and were clearly very busy.',
    good: 2,
    improve: 3,
    feeling: 4,
  },
  {
    title: 'Hot food at last on {service}',
    body: 'For the first few days the meals arrived cold. After we mentioned it, the ward started bringing trays straight from the trolley and the food was much better.',
    good: 4,
    improve: 1,
    feeling: 0,
  },
  {
    title: 'Nobody called back from {service}',
    body: 'I phoned three times about my test results and was promised a call back each time. It never came. When I finally got through, the results had been ready for two weeks.',
    good: 2,
    improve: 1,
    feeling: 4,
  },
  {
    title: 'A carer’s thank you to {service}',
    body: 'As my husband’s carer I am usually ignored. This time the team asked what I noticed at home, wrote it down and changed his care plan because of it. I felt listened to.',
    good: 5,
    improve: 4,
    feeling: 2,
  },
  {
    title: 'Not enough staff on the night shift at {service}',
    body: 'There were two nurses for the whole ward at night. Call bells rang for a long time. The staff did their best, but they were stretched far too thin.',
    good: 0,
    improve: 4,
    feeling: 3,
  },
  {
    title: 'Clear explanations from the team at {service}',
    body: 'The consultant explained the diagnosis in plain words and gave us a leaflet to read at home. A week later the nurse phoned to see if we had more questions.',
    good: 2,
    improve: 1,
    feeling: 0,
  },
  {
    title: 'Visiting times were confusing at {service}',
    body: 'The website, the sign on the door and the nurse each gave different visiting times. We were turned away once after a long drive. The ward manager later apologised.',
    good: 1,
    improve: 1,
    feeling: 5,
  },
  {
    title: 'A birthday remembered at {service}',
    body: 'My grandmother spent her ninetieth birthday in hospital. The staff found a card, sang to her and let the whole family visit together for an hour. We will never forget it.',
    good: 0,
    improve: 2,
    feeling: 1,
  },
]

const ROLES = ['patient', 'relative', 'carer', 'parent', 'friend', 'patient', 'other'] as const
const NAMES = ['Sam', 'A grateful daughter', 'Jo', 'Anonymous', 'A carer', 'Priya', 'Morven']

/** Progress by position: responses, confirmed changes and replies on most stories. */
function plan(index: number) {
  const kind = index % 10
  return {
    respond: kind < 7,
    change: kind === 0 || kind === 5 ? 'made' : kind === 3 ? 'planned' : null,
    reply: kind === 0 || kind === 4,
  }
}

async function seedTenantStories(tenant: Tenant) {
  const services = await Service.query().whereNotNull('parent_id').orderBy('id')
  if (!services.length) return []
  const tags = await StoryTag.query().orderBy('position')
  const byQuestion = (question: string) => tags.filter((tag) => tag.question === question)
  const welsh = tenant.enabledLocales.includes('cy')
  const created: Story[] = []
  for (let index = 0; index < DEMO_READING_STORIES; index++) {
    const experience = EXPERIENCES[index % EXPERIENCES.length]
    const service = services[(index * 7) % services.length]
    const publishedAt = DateTime.now().minus({ days: index * 8 + 1, hours: (index * 5) % 11 })
    const cy = welsh && index % 14 === 13
    const title = cy
      ? `Diolch i ${service.name}`
      : experience.title.replace('{service}', service.name).slice(0, 120)
    const body = cy
      ? 'Stori wedi’i dyfeisio ar gyfer y demo yw hon. Roedd y nyrsys yn garedig iawn ac fe wnaethon nhw esbonio popeth yn Gymraeg.'
      : `${FICTIONAL} ${experience.body}`
    const story = await Story.create({
      status: STORY_STATUS.published,
      title,
      originalBody: `${body} (Original wording, seen only by moderators.)`,
      publicTitle: title,
      publicBody: body,
      happenedOn: publishedAt.minus({ days: 12 }).startOf('month'),
      authorRole: ROLES[index % ROLES.length],
      ageBand: 'not_said',
      displayName: NAMES[index % NAMES.length],
      authorEmail: `demo-author-${index}@example.test`,
      locale: cy ? 'cy' : 'en-GB',
      confirmedAt: publishedAt.minus({ hours: 20 }),
      publishedAt,
      criticality: index % 4,
      version: 1,
      experiencedCount: (index * 3) % 8,
    })
    await StoryServiceLink.create({ storyId: story.id, serviceId: service.id })
    for (const [question, position] of [
      ['good', experience.good],
      ['improve', experience.improve],
      ['feeling', experience.feeling],
    ] as const) {
      const list = byQuestion(question)
      if (list.length)
        await StoryTagLink.create({ storyId: story.id, tagId: list[position % list.length].id })
    }
    const steps = plan(index)
    if (steps.respond) {
      await db.transaction(async (trx) => {
        const response = await Response.create(
          {
            storyId: story.id,
            serviceId: service.id,
            authorName: 'Demo responder',
            authorJobTitle: 'Patient experience lead (fictional)',
            body: `This is an invented response for the demo. Thank you for telling us about your experience at ${service.name}. We have shared your story with the team.`,
            changeKind: steps.change as 'made' | 'planned' | null,
            changeDescription: steps.change
              ? steps.change === 'made'
                ? 'We now explain each step before it happens, and check back within the hour (fictional demo change).'
                : 'We will review how the team shares information with families (fictional demo change).'
              : null,
            changeStatus: steps.change ? 'confirmed' : null,
            changeCheckedAt: steps.change ? DateTime.now() : null,
            editableUntil: publishedAt.plus({ days: 1 }),
            createdAt: publishedAt.plus({ hours: 6 + ((index * 13) % 120) }),
          },
          { client: trx }
        )
        if (steps.reply)
          await AuthorReply.create(
            {
              storyId: story.id,
              responseId: response.id,
              originalBody: 'Thank you for answering. It means a lot that you listened.',
              publicBody: 'Thank you for answering. It means a lot that you listened.',
              status: REPLY_STATUS.published,
              moderatedAt: DateTime.now(),
            },
            { client: trx }
          )
        await refreshProgress(story.id, trx)
      })
    }
    created.push(story)
  }
  await rebuildAllListings()
  return created
}

/** Fife's staff and readers at work: a row or more in every table they write to. */
async function seedFifeActivity(stories: Story[]) {
  const moderator = await User.findByOrFail('email', 'moderator@fife.carevoice.test')
  const responder = await User.findByOrFail('email', 'responder@fife.carevoice.test')
  const admin = await User.findByOrFail('email', 'admin@fife.carevoice.test')
  const hospital = await Service.findByOrFail('ref', 'victoria-hospital')
  const emergency = await Service.findBy('ref', 'victoria-hospital-ae')
  const [first, second, third] = stories

  for (const story of stories.slice(0, 10))
    await ModerationEvent.create({
      storyId: story.id,
      actorId: moderator.id,
      action: MODERATION_ACTION.published,
      reason: null,
      changes: { note: 'Removed a first name (demo)' },
    })
  await auditTenant({
    action: 'story.published',
    actor: moderator,
    subject: { type: 'story', id: first.id },
  })
  await AlertSetting.create({ userId: responder.id, mode: 'immediate', minCriticality: 0 })
  await StaffWatch.create({ userId: responder.id, serviceId: (emergency ?? hospital).id })
  await AlertDelivery.create({
    storyId: first.id,
    userId: responder.id,
    mode: 'immediate',
    sentAt: DateTime.now(),
  })
  await StaffInvitation.create({
    email: 'new.responder@fife.carevoice.test',
    role: 'responder',
    serviceIds: [hospital.id],
    tokenHash: newToken().tokenHash,
    expiresAt: DateTime.now().plus({ days: 7 }),
    invitedById: admin.id,
  })
  await StoryAuthorLink.create({
    storyId: second.id,
    tokenHash: newToken().tokenHash,
    expiresAt: DateTime.now().plus({ days: 30 }),
  })
  await StoryReport.create({
    storyId: third.id,
    reason: 'other',
    message: 'I think this is about my aunt (an invented demo report).',
  })
  /* The responder has read a few stories: they count as read. */
  for (const story of stories.slice(-3)) {
    await db.transaction(async (trx) => {
      await trx.rawQuery(
        `insert into story_views (tenant_id, story_id, user_id, first_viewed_at)
         values (?, ?, ?, now()) on conflict do nothing`,
        [tenancy.require().id, story.id, responder.id]
      )
      await Story.query({ client: trx }).where('id', story.id).increment('staff_views', 1)
      await refreshProgress(story.id, trx)
    })
  }
  const subscription = await Subscription.create({
    email: 'demo-reader@example.test',
    locale: 'en-GB',
    targetType: 'service',
    serviceId: hospital.id,
    areaId: null,
    tagId: null,
    confirmTokenHash: null,
    confirmedAt: DateTime.now().minus({ days: 30 }),
    unsubscribeTokenHash: newToken().tokenHash,
  })
  await SubscriptionDelivery.create({ subscriptionId: subscription.id, storyId: first.id })
  await addExperience(first.id, { ip: '192.0.2.10', userAgent: 'Demo reader’s browser' })
}

export async function seedDemoReading(log: (line: string) => void = () => {}) {
  for (const tenant of await Tenant.all()) {
    await tenancy.run(tenant, async () => {
      const stories = await seedTenantStories(tenant)
      if (tenant.slug === 'fife' && stories.length) await seedFifeActivity(stories)
    })
    log(`stories: ${DEMO_READING_STORIES} fictional published stories to read in ${tenant.slug}`)
  }
}
