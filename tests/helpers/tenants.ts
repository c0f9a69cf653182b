/**
 * Test fixtures for tenants, and the isolation kit: a canary tenant full of
 * marker text that must never show up on another tenant's host.
 */
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { DateTime } from 'luxon'
import { generate } from 'otplib'
import encryption from '@adonisjs/core/services/encryption'
import User from '#models/user'
import Membership, { type Role } from '#models/membership'
import MembershipService from '#models/membership_service'
import { tenancy } from '#tenancy/context'
import { hostCache } from '#tenancy/host_cache'

export const CANARY_MARKER = 'CANARY-7f3a9c'

/** Every test in the group runs in a rolled-back transaction with a cold host cache. */
export function isolateEachTest(group: { each: { setup(fn: () => unknown): void } }) {
  group.each.setup(async () => {
    hostCache.clear()
    await limiter.clear()
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      hostCache.clear()
    }
  })
}

export async function makeTenant(
  slug: string,
  options: {
    name?: string
    hosts?: string[]
    status?: 'active' | 'suspended'
    notice?: string
    tagline?: string
    brand?: string
    locales?: string[]
  } = {}
) {
  return tenancy.acrossTenants('test fixture', async () => {
    const locales = options.locales ?? ['en-GB']
    const tenant = await Tenant.create({
      slug,
      name: options.name ?? `Carevoice ${slug}`,
      status: options.status ?? 'active',
      defaultLocale: locales[0],
      enabledLocales: locales,
      timeZone: 'Europe/London',
      suspensionNotice: options.notice ?? null,
      theme: {
        tagline: options.tagline ?? `Tagline of ${slug}`,
        colours: { brand: options.brand ?? '#123456' },
      },
    })
    const hosts = options.hosts ?? [`${slug}.localhost`]
    for (const [index, hostname] of hosts.entries()) {
      await TenantDomain.create({ tenantId: tenant.id, hostname, isPrimary: index === 0 })
    }
    return tenant
  })
}

/** The canary: a tenant whose every visible text carries CANARY_MARKER. */
export function makeCanaryTenant() {
  return makeTenant('canary', {
    name: `${CANARY_MARKER} Health Board`,
    hosts: ['canary.localhost', 'www.canary.localhost'],
    tagline: `${CANARY_MARKER} tagline`,
    brand: '#0b3d2e',
  })
}

export const TEST_PASSWORD = 'a-long-test-password'

/** A TOTP secret for fixtures that need two-factor sign-in set up. */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'

export function currentTotp(secret = TEST_TOTP_SECRET) {
  return generate({ secret })
}

/** National admins always have two-factor sign-in outside development. */
export async function makeNationalAdmin(email = 'national@carevoice.test') {
  return User.create({
    email,
    name: 'Nat Admin',
    password: TEST_PASSWORD,
    isNationalAdmin: true,
    totpSecret: encryption.encrypt(TEST_TOTP_SECRET),
    totpEnabledAt: DateTime.now(),
  })
}

export async function makeUser(
  email = 'someone@carevoice.test',
  options: { twoFactor?: boolean; name?: string } = {}
) {
  return User.create({
    email,
    name: options.name ?? 'Sam Someone',
    password: TEST_PASSWORD,
    isNationalAdmin: false,
    ...(options.twoFactor
      ? { totpSecret: encryption.encrypt(TEST_TOTP_SECRET), totpEnabledAt: DateTime.now() }
      : {}),
  })
}

/** A user holding `role` in `tenant` (responders cover `serviceIds`). */
export async function makeStaff(
  tenant: Tenant,
  role: Role,
  email: string,
  options: { twoFactor?: boolean; serviceIds?: number[]; name?: string } = {}
) {
  const user = await makeUser(email, options)
  await tenancy.run(tenant, async () => {
    const membership = await Membership.create({ userId: user.id, role })
    for (const serviceId of options.serviceIds ?? []) {
      await MembershipService.create({ membershipId: membership.id, serviceId })
    }
  })
  return user
}
