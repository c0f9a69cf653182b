/**
 * Demo data for a developer's machine: the three demo tenants with their own
 * themes, and a national admin. Idempotent by design: it only ever runs on
 * an empty database (see demo:seed --if-empty).
 */
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import User from '#models/user'
import Tenant from '#models/tenant'
import Membership, { type Role } from '#models/membership'
import { tenancy } from '#tenancy/context'
import { addDomain, createTenant, updateTenant } from '#services/tenants/manage_tenants'
import { STORY_STATUS } from '#models/story'

export const DEMO_PASSWORD = 'carevoice-demo-2026'

export const DEMO_LOGINS: {
  email: string
  name: string
  role: string
  tenant?: string
  /** A responder's service (by ref): they respond for it and everything below it. */
  service?: string
}[] = [
  { email: 'admin@carevoice.test', name: 'Nadia National', role: 'national admin' },
  {
    email: 'admin@fife.carevoice.test',
    name: 'Fiona Fairlie',
    role: 'tenant_admin',
    tenant: 'fife',
  },
  {
    email: 'moderator@fife.carevoice.test',
    name: 'Morag Moffat',
    role: 'moderator',
    tenant: 'fife',
  },
  {
    email: 'responder@fife.carevoice.test',
    name: 'Rhona Reid',
    role: 'responder',
    tenant: 'fife',
    service: 'victoria-hospital',
  },
  {
    email: 'fasttrack@fife.carevoice.test',
    name: 'Callum Dunn',
    role: 'responder',
    tenant: 'fife',
    service: 'victoria-hospital',
  },
  {
    email: 'admin@england.carevoice.test',
    name: 'Edward Ellis',
    role: 'tenant_admin',
    tenant: 'england',
  },
  {
    email: 'moderator@england.carevoice.test',
    name: 'Emma Moss',
    role: 'moderator',
    tenant: 'england',
  },
  {
    email: 'admin@ayrshire-arran.carevoice.test',
    name: 'Alasdair Arran',
    role: 'tenant_admin',
    tenant: 'ayrshire-arran',
  },
]

const DEMO_TENANTS = [
  {
    slug: 'england',
    name: 'Carevoice England',
    domain: 'england.localhost',
    extraDomains: [],
    changes: {
      enabledLocales: ['en-GB', 'cy'],
      contactEmail: 'hello@england.carevoice.test',
      theme: {
        tagline: 'Stories of NHS and social care in England',
        colours: { brand: '#005eb8', accent: '#ffb81c', link: '#005eb8' },
        footerLinks: [{ label: 'Services A to Z', url: '/services' }],
        examples: {
          serviceName: 'Leeds',
          serviceCode: 'RR8',
          search: 'waiting times, or “night staff”',
        },
      },
    },
  },
  {
    slug: 'fife',
    name: 'Carevoice Fife',
    domain: 'fife.localhost',
    extraDomains: ['www.fife.localhost'],
    changes: {
      /* Scottish pilots: Gàidhlig beside English (the default stays English). */
      enabledLocales: ['en-GB', 'gd'],
      timeZone: 'Europe/London',
      contactEmail: 'hello@fife.carevoice.test',
      theme: {
        tagline: 'Share your experience of care in the Kingdom of Fife',
        colours: { brand: '#00594f', accent: '#ffdd00', link: '#00594f' },
        footerLinks: [
          { label: 'Services A to Z', url: '/services' },
          { label: 'NHS Fife', url: 'https://www.nhsfife.org' },
        ],
        examples: {
          serviceName: 'Victoria',
          serviceCode: 'S08000029',
          search: 'discharge, or parking',
        },
      },
    },
  },
  {
    slug: 'ayrshire-arran',
    name: 'Carevoice Ayrshire and Arran',
    domain: 'ayrshire-arran.localhost',
    extraDomains: [],
    changes: {
      enabledLocales: ['en-GB', 'gd'],
      contactEmail: 'hello@ayrshire-arran.carevoice.test',
      theme: {
        tagline: 'Your care stories from Ayrshire and the Isle of Arran',
        colours: { brand: '#5b2a86', accent: '#f2a900', link: '#5b2a86' },
        footerLinks: [{ label: 'Services A to Z', url: '/services' }],
        examples: {
          serviceName: 'Crosshouse',
          serviceCode: 'S08000015',
          search: 'kindness, or visiting',
        },
      },
    },
  },
]

/** The kinds of service that are private providers in every demo tenant. */
export const DEMO_PRIVATE_PROVIDER_KINDS = [
  'gp_practice',
  'care_home',
  'care_at_home',
  'dental_practice',
  'pharmacy',
]

/** The three tag lists a tenant starts with (tenant admins can change them). */
export const DEMO_TAGS = {
  good: [
    'Kindness',
    'Listening',
    'Explaining',
    'Cleanliness',
    'Food',
    'Being involved in decisions',
  ],
  improve: ['Waiting times', 'Communication', 'Discharge', 'Pain relief', 'Staffing', 'Parking'],
  feeling: ['Reassured', 'Grateful', 'Listened to', 'Anxious', 'Ignored', 'Frustrated'],
}

export async function demoDataPresent() {
  const row = await Tenant.query().count('* as total').first()
  return Number(row?.$extras.total ?? 0) > 0
}

export async function seedDemoData(log: (line: string) => void = () => {}) {
  for (const demo of DEMO_TENANTS) {
    await createTenant({ slug: demo.slug, name: demo.name, domain: demo.domain })
    await updateTenant(demo.slug, demo.changes)
    for (const hostname of demo.extraDomains) await addDomain(demo.slug, { hostname })
    /* Provider review (#services/moderation/provider_review) for the private providers' kinds. */
    const created = await Tenant.findByOrFail('slug', demo.slug)
    created.privateProviderKinds = DEMO_PRIVATE_PROVIDER_KINDS
    await created.save()
    log(`tenant ${demo.slug} on ${demo.domain}`)
  }
  const { default: StoryTag } = await import('#models/story_tag')
  for (const tenant of await Tenant.all()) {
    await tenancy.run(tenant, async () => {
      for (const [question, labels] of Object.entries(DEMO_TAGS)) {
        for (const [position, label] of labels.entries()) {
          await StoryTag.create({
            question: question as 'good' | 'improve' | 'feeling',
            label,
            position,
          })
        }
      }
    })
  }

  const { importDirectory } = await import('#services/directory/directory_import')
  const csv = await readFile(app.makePath('database', 'data', 'directory-demo.csv'), 'utf8')
  const report = await importDirectory(csv)
  if (report.problems.length) throw new Error(`demo directory: ${report.problems[0].message}`)
  log(`directory: ${report.results.length} services`)

  await seedDemoStories(log)

  for (const login of DEMO_LOGINS) {
    const user = await User.create({
      email: login.email,
      name: login.name,
      password: DEMO_PASSWORD,
      isNationalAdmin: login.role === 'national admin',
    })
    if (login.tenant) {
      const tenant = await Tenant.findByOrFail('slug', login.tenant)
      await tenancy.run(tenant, async () => {
        const membership = await Membership.create({ userId: user.id, role: login.role as Role })
        if (login.service) {
          const { default: Service } = await import('#models/service')
          const { default: MembershipService } = await import('#models/membership_service')
          const service = await Service.findByOrFail('ref', login.service)
          await MembershipService.create({ membershipId: membership.id, serviceId: service.id })
        }
      })
    }
    log(`user ${login.email} (${login.role}${login.tenant ? ` in ${login.tenant}` : ''})`)
  }
  await seedDemoResponses(log)
  const { seedDemoReading } = await import('#services/platform/demo_reading_data')
  await seedDemoReading(log)
  const { seedDemoChecks } = await import('#services/platform/demo_checked_data')
  await seedDemoChecks(log)
}

/** On each tenant's first published demo story: a response whose change a moderator confirmed. */
async function seedDemoResponses(log: (line: string) => void) {
  const { DateTime } = await import('luxon')
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { default: Story } = await import('#models/story')
  const { default: Response } = await import('#models/response')
  const { refreshProgress } = await import('#services/stories/story_progress')
  for (const tenant of await Tenant.all()) {
    await tenancy.run(tenant, async () => {
      const story = await Story.query()
        .where('status', STORY_STATUS.published)
        .preload('services')
        .orderBy('id')
        .first()
      if (!story || !story.services.length) return
      await db.transaction(async (trx) => {
        await Response.create(
          {
            storyId: story.id,
            serviceId: story.services[0].id,
            authorId: null,
            authorName: 'Demo responder',
            authorJobTitle: 'Senior Charge Nurse (fictional)',
            body: 'This is an invented response for the demo. Thank you for telling us; we shared your story with the night team.',
            changeKind: 'made',
            changeDescription:
              'Night staff now explain each test before it happens (fictional demo change).',
            changeStatus: 'confirmed',
            changeCheckedAt: DateTime.now(),
            editableUntil: DateTime.now(),
          },
          { client: trx }
        )
        await refreshProgress(story.id, trx)
      })
    })
    log(`responses: a demo response with a confirmed change in ${tenant.slug}`)
  }
}

/** Invented, clearly fictional stories in several states for every demo tenant. */
const DEMO_STORIES = [
  {
    status: STORY_STATUS.published,
    title: 'A calm voice at 3am (fictional demo story)',
    body: 'This is an invented story for the demo. The night staff sat with my father when he was frightened and explained each test before it happened.',
  },
  {
    status: STORY_STATUS.published,
    title: 'Long wait, kind reception (fictional demo story)',
    body: 'This is an invented story for the demo. We waited four hours, but the receptionist kept us informed and found my mother a blanket.',
  },
  {
    status: STORY_STATUS.awaitingModeration,
    title: 'Discharge was confusing (fictional demo story)',
    body: 'This is an invented story for the demo. Nurse Ada Example told us on the phone, 07700 900000, that the medicines would be ready, but they were not.',
  },
  {
    status: STORY_STATUS.unconfirmed,
    title: 'Not yet confirmed (fictional demo story)',
    body: 'This is an invented story for the demo whose author has not yet opened the confirmation link.',
  },
  {
    status: STORY_STATUS.needsAuthorInput,
    title: 'Which clinic was it? (fictional demo story)',
    body: 'This is an invented story for the demo. The moderators asked its author which clinic the appointment was at.',
  },
  {
    status: STORY_STATUS.rejected,
    title: 'About a neighbour (fictional demo story)',
    body: 'This is an invented story for the demo, about a neighbour rather than any care service, so it was not published.',
  },
  {
    status: STORY_STATUS.escalated,
    title: 'A worrying visit (fictional demo story)',
    body: 'This is an invented story for the demo that a moderator passed to the safeguarding contact instead of publishing it.',
  },
  {
    status: STORY_STATUS.hidden,
    title: 'Published, then hidden (fictional demo story)',
    body: 'This is an invented story for the demo that was published and later hidden by a moderator after a reader reported it.',
  },
  {
    status: STORY_STATUS.withdrawn,
    title: 'Withdrawn by its author (fictional demo story)',
    body: 'This is an invented story for the demo that its author withdrew after it was published.',
  },
] as const

/** Reasons a story may not be published: each demo tenant's moderation policy. */
const DEMO_REJECTION_REASONS = [
  'It is not about a health or care service',
  'It could identify someone and could not be edited safely',
  'It is abusive or discriminatory',
  'It is about something more than three years ago',
  'It has been told already',
]

async function seedDemoStories(log: (line: string) => void) {
  const { DateTime } = await import('luxon')
  const { default: Service } = await import('#models/service')
  const { default: Story } = await import('#models/story')
  const { default: StoryServiceLink } = await import('#models/story_service_link')
  const { default: StoryTag } = await import('#models/story_tag')
  const { default: StoryTagLink } = await import('#models/story_tag_link')
  for (const tenant of await Tenant.all()) {
    await tenancy.run(tenant, async () => {
      const services = await Service.query()
        .whereNotNull('parent_id')
        .orderBy('id')
        .limit(DEMO_STORIES.length)
      if (services.length === 0) return
      /* The first tag of each list. */
      const allTags = await StoryTag.query().orderBy('question').orderBy('position')
      const demoTags = allTags.filter(
        (tag, position) => position === 0 || allTags[position - 1].question !== tag.question
      )
      /* An invitation link, and the first story told through it. */
      const { createInvitationLink } = await import('#services/stories/invitation_links')
      const invitation = await createInvitationLink({
        serviceId: services[0].id,
        campaign: 'Demo survey',
        closesOn: null,
      })
      for (const [index, demo] of DEMO_STORIES.entries()) {
        const wasPublished = (
          [STORY_STATUS.published, STORY_STATUS.hidden, STORY_STATUS.withdrawn] as string[]
        ).includes(demo.status)
        const decided = ([STORY_STATUS.rejected, STORY_STATUS.withdrawn] as string[]).includes(
          demo.status
        )
        const story = await Story.create({
          status: demo.status,
          title: demo.title,
          originalBody: demo.body,
          publicTitle: wasPublished ? demo.title : null,
          publicBody: wasPublished ? demo.body : null,
          happenedOn: DateTime.now()
            .minus({ months: index + 1 })
            .startOf('month'),
          authorRole: 'relative',
          ageBand: 'not_said',
          displayName: 'Demo author',
          authorEmail: 'demo-author@example.test',
          confirmedAt:
            demo.status === STORY_STATUS.unconfirmed
              ? null
              : DateTime.now().minus({ days: index + 1 }),
          publishedAt: wasPublished ? DateTime.now().minus({ hours: index + 1 }) : null,
          criticality: wasPublished ? index % 6 : null,
          decidedAt: decided ? DateTime.now().minus({ hours: index }) : null,
          withdrawnAt:
            demo.status === STORY_STATUS.withdrawn ? DateTime.now().minus({ hours: index }) : null,
          version: 1,
          invitationLinkId: index === 0 ? invitation.id : null,
        })
        await StoryServiceLink.create({
          storyId: story.id,
          serviceId: services[index % services.length].id,
        })
        /* Published ones carry tags, so the tag pages have something to show. */
        if (wasPublished)
          for (const tag of demoTags.filter((_, position) => position % 2 === index % 2))
            await StoryTagLink.create({ storyId: story.id, tagId: tag.id })
      }
    })
    await tenancy.run(tenant, async () => {
      const { rebuildAllListings } = await import('#services/stories/story_listings')
      await rebuildAllListings()
      const { default: ModerationReason } = await import('#models/moderation_reason')
      for (const [position, label] of DEMO_REJECTION_REASONS.entries())
        await ModerationReason.create({ label, position })
    })
    log(`stories: ${DEMO_STORIES.length} fictional stories in ${tenant.slug}, in every state`)
  }
}
