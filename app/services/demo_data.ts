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
import { addDomain, createTenant, updateTenant } from '#services/manage_tenants'

export const DEMO_PASSWORD = 'carevoice-demo-2026'

export const DEMO_LOGINS: { email: string; name: string; role: string; tenant?: string }[] = [
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
      },
    },
  },
  {
    slug: 'fife',
    name: 'Carevoice Fife',
    domain: 'fife.localhost',
    extraDomains: ['www.fife.localhost'],
    changes: {
      timeZone: 'Europe/London',
      contactEmail: 'hello@fife.carevoice.test',
      theme: {
        tagline: 'Share your experience of care in the Kingdom of Fife',
        colours: { brand: '#00594f', accent: '#ffdd00', link: '#00594f' },
        footerLinks: [{ label: 'Services A to Z', url: '/services' }],
      },
    },
  },
  {
    slug: 'ayrshire-arran',
    name: 'Carevoice Ayrshire and Arran',
    domain: 'ayrshire-arran.localhost',
    extraDomains: [],
    changes: {
      contactEmail: 'hello@ayrshire-arran.carevoice.test',
      theme: {
        tagline: 'Your care stories from Ayrshire and the Isle of Arran',
        colours: { brand: '#5b2a86', accent: '#f2a900', link: '#5b2a86' },
        footerLinks: [{ label: 'Services A to Z', url: '/services' }],
      },
    },
  },
]

/** The three tag lists a tenant starts with (tenant admins can change them). */
const DEMO_TAGS = {
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

  const { importDirectory } = await import('#services/directory_import')
  const csv = await readFile(app.makePath('database', 'data', 'directory-demo.csv'), 'utf8')
  const report = await importDirectory(csv)
  if (report.problems.length) throw new Error(`demo directory: ${report.problems[0].message}`)
  log(`directory: ${report.results.length} services`)

  for (const login of DEMO_LOGINS) {
    const user = await User.create({
      email: login.email,
      name: login.name,
      password: DEMO_PASSWORD,
      isNationalAdmin: login.role === 'national admin',
    })
    if (login.tenant) {
      const tenant = await Tenant.findByOrFail('slug', login.tenant)
      await tenancy.run(tenant, () =>
        Membership.create({ userId: user.id, role: login.role as Role })
      )
    }
    log(`user ${login.email} (${login.role}${login.tenant ? ` in ${login.tenant}` : ''})`)
  }
}
