/**
 * Creating and changing tenants and their domains: the one place the
 * national console and the tenant:* commands go through.
 *
 * Guarantees: input is validated before anything is written; each
 * operation is one transaction, so a refused change leaves nothing behind;
 * host names stay unique across the platform and every tenant keeps exactly
 * one primary domain.
 */
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import { auditPlatform } from '#services/platform/audit'
import { errors as vineErrors } from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant from '#models/tenant'
import TenantDomain from '#models/tenant_domain'
import { adminHost } from '#config/app'
import { tenancy } from '#tenancy/context'
import { platformActor } from '#tenancy/platform_actor'
import { siteOfHost } from '#tenancy/site'
import { contrastShortfall } from '#services/tenants/tenant_theme'
import { inviteStaff } from '#services/accounts/staff_invitations'
import { createTenantValidator, domainValidator, updateTenantValidator } from '#validators/tenant'

async function validate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof vineErrors.E_VALIDATION_ERROR) {
      throw new DomainError('', {
        problems: (error.messages as { field: string; message: string }[]).map(
          ({ field, message }) => ({ field, message })
        ),
      })
    }
    throw error
  }
}

/** Refuses with `problems.tenant.<problem>`, worded beside `field`. */
function refuse(field: string, problem: string, values: Record<string, unknown> = {}): never {
  throw new DomainError(`problems.tenant.${problem}`, { field, values })
}

/**
 * Runs `fn` in one transaction, across tenants (this is national-admin
 * code), and appends the change to the national audit log in the same
 * transaction: from the console with the signed-in admin and their IP,
 * from an ace command as the operator.
 */
function inTransaction<T>(
  action: string,
  slug: string,
  fn: (trx: TransactionClientContract) => Promise<T>,
  details: Record<string, unknown> = {}
) {
  return tenancy.acrossTenants(`national admin: ${action}`, () =>
    db.transaction(async (trx) => {
      const result = await fn(trx)
      const console = platformActor.current()
      await auditPlatform(
        {
          action,
          actor: console?.actor ?? null,
          ip: console?.ip ?? null,
          subject: { type: 'tenant', id: slug },
          details: console ? details : { ...details, via: 'ace' },
          tenantSlug: slug,
        },
        trx
      )
      return result
    })
  )
}

export async function findTenant(slug: string, trx?: TransactionClientContract) {
  const tenant = await Tenant.query({ client: trx })
    .where('slug', String(slug).toLowerCase())
    .first()
  if (!tenant) refuse('slug', 'noSuchSlug', { slug })
  return tenant
}

async function assertHostFree(
  hostname: string,
  trx: TransactionClientContract,
  field = 'hostname'
) {
  if (hostname === adminHost) refuse(field, 'adminHost', { hostname })
  const taken = await TenantDomain.query({ client: trx }).where('hostname', hostname).first()
  if (taken) refuse(field, 'hostTaken', { hostname })
}

/** Turns a unique-key race into the same message a checked duplicate gets. */
function duplicateAs(field: string, problem: string, values: Record<string, unknown>) {
  return (error: unknown): never => {
    if ((error as { code?: string }).code === '23505') refuse(field, problem, values)
    throw error
  }
}

export async function createTenant(input: unknown) {
  const data = await validate(() => createTenantValidator.validate(input))
  const details = data.adminEmail ? { firstAdminInvited: data.adminEmail } : {}
  return inTransaction(
    'tenant.created',
    data.slug,
    async (trx) => {
      if (await Tenant.query({ client: trx }).where('slug', data.slug).first()) {
        refuse('slug', 'slugTaken', { slug: data.slug })
      }
      await assertHostFree(data.domain, trx, 'domain')
      const locale = data.locale ?? 'en-GB'
      const tenant = await Tenant.create(
        {
          slug: data.slug,
          name: data.name,
          status: 'active',
          defaultLocale: locale,
          enabledLocales: [locale],
          timeZone: 'Europe/London',
          theme: {},
        },
        { client: trx }
      ).catch(duplicateAs('slug', 'slugTaken', { slug: data.slug }))
      await TenantDomain.create(
        { tenantId: tenant.id, hostname: data.domain, isPrimary: true },
        { client: trx }
      ).catch(duplicateAs('domain', 'hostTaken', { hostname: data.domain }))
      if (data.adminEmail) await inviteFirstAdmin(tenant, data.domain, data.adminEmail, trx)
      return tenant
    },
    details
  )
}

/**
 * The new tenant's first tenant admin gets the usual staff invitation, in
 * the tenant's default language, linking to the tenant's own host; it is
 * written in the creating transaction, so a refused tenant invites no one.
 */
async function inviteFirstAdmin(
  tenant: Tenant,
  hostname: string,
  email: string,
  trx: TransactionClientContract
) {
  const console = platformActor.current()
  await tenancy.run(tenant, () =>
    inviteStaff(
      {
        actor: console?.actor ?? null,
        ip: console?.ip ?? null,
        tenant,
        site: siteOfHost(hostname, tenant.defaultLocale),
      },
      { email, role: 'tenant_admin' },
      trx
    )
  )
}

export type TenantChanges = Infer<typeof updateTenantValidator>

export async function updateTenant(slug: string, input: unknown) {
  const changes = await validate(() => updateTenantValidator.validate(input))
  return inTransaction('tenant.updated', slug, async (trx) => {
    const tenant = await findTenant(slug, trx)
    if (changes.name !== undefined) tenant.name = changes.name
    if (changes.timeZone !== undefined) tenant.timeZone = changes.timeZone
    if (changes.contactEmail !== undefined) tenant.contactEmail = changes.contactEmail
    if (changes.suspensionNotice !== undefined) tenant.suspensionNotice = changes.suspensionNotice
    if (changes.enabledLocales !== undefined) tenant.enabledLocales = changes.enabledLocales
    if (changes.requireTwoFactor !== undefined) tenant.requireTwoFactor = changes.requireTwoFactor
    if (changes.defaultLocale !== undefined) {
      tenant.defaultLocale = changes.defaultLocale
      if (
        changes.enabledLocales === undefined &&
        !tenant.enabledLocales.includes(changes.defaultLocale)
      ) {
        tenant.enabledLocales = [...tenant.enabledLocales, changes.defaultLocale]
      }
    }
    if (!tenant.enabledLocales.includes(tenant.defaultLocale)) {
      refuse('defaultLocale', 'defaultNotEnabled', { locale: tenant.defaultLocale })
    }
    if (changes.theme !== undefined) {
      const colours = changes.theme.colours ?? {}
      for (const role of ['brand', 'accent', 'link'] as const) {
        const colour = colours[role]
        const shortfall = colour ? contrastShortfall(role, colour) : null
        if (shortfall) {
          refuse(`theme.colours.${role}`, `contrast.${role}`, {
            colour,
            ratio: String(shortfall.ratio),
            needed: String(shortfall.needed),
          })
        }
      }
      tenant.theme = {
        ...tenant.theme,
        ...changes.theme,
        colours: { ...tenant.theme.colours, ...changes.theme.colours },
      }
    }
    tenant.useTransaction(trx)
    await tenant.save()
    return tenant
  })
}

export async function setTenantStatus(slug: string, status: 'active' | 'suspended') {
  return inTransaction(
    `tenant.${status === 'active' ? 'resumed' : 'suspended'}`,
    slug,
    async (trx) => {
      const tenant = await findTenant(slug, trx)
      if (tenant.status === status) {
        refuse('status', status === 'active' ? 'alreadyActive' : 'alreadySuspended', {
          slug: tenant.slug,
        })
      }
      tenant.status = status
      tenant.useTransaction(trx)
      await tenant.save()
      return tenant
    }
  )
}

export async function addDomain(slug: string, input: unknown, options: { primary?: boolean } = {}) {
  const { hostname } = await validate(() => domainValidator.validate(input))
  return inTransaction('tenant.domain_added', slug, async (trx) => {
    const tenant = await findTenant(slug, trx)
    await assertHostFree(hostname, trx)
    if (options.primary) {
      await TenantDomain.query({ client: trx })
        .where('tenant_id', tenant.id)
        .update({ isPrimary: false })
    }
    const domain = await TenantDomain.create(
      { tenantId: tenant.id, hostname, isPrimary: Boolean(options.primary) },
      { client: trx }
    ).catch(duplicateAs('hostname', 'hostTaken', { hostname }))
    return domain
  })
}

async function findDomainOf(slug: string, hostname: string, trx: TransactionClientContract) {
  const tenant = await findTenant(slug, trx)
  const domain = await TenantDomain.query({ client: trx })
    .where('tenant_id', tenant.id)
    .where('hostname', String(hostname).toLowerCase())
    .first()
  if (!domain) refuse('hostname', 'notTheirDomain', { hostname, slug: tenant.slug })
  return { tenant, domain }
}

export async function makePrimaryDomain(slug: string, hostname: string) {
  return inTransaction('tenant.primary_domain_changed', slug, async (trx) => {
    const { tenant, domain } = await findDomainOf(slug, hostname, trx)
    await TenantDomain.query({ client: trx })
      .where('tenant_id', tenant.id)
      .update({ isPrimary: false })
    domain.isPrimary = true
    domain.useTransaction(trx)
    await domain.save()
    return domain
  })
}

export async function removeDomain(slug: string, hostname: string) {
  return inTransaction('tenant.domain_removed', slug, async (trx) => {
    const { tenant, domain } = await findDomainOf(slug, hostname, trx)
    if (domain.isPrimary) {
      refuse('hostname', 'primaryDomain', { hostname, slug: tenant.slug })
    }
    domain.useTransaction(trx)
    await domain.delete()
  })
}

/** Every tenant with its domains, primary first. */
export async function listTenants() {
  return tenancy.acrossTenants('list every tenant', async () => {
    return await Tenant.query()
      .orderBy('slug')
      .preload('domains', (query) => query.orderBy('is_primary', 'desc').orderBy('hostname'))
  })
}

/** One tenant with its domains, for the console; refuses an unknown slug. */
export async function findTenantWithDomains(slug: string) {
  return tenancy.acrossTenants('show a tenant in the national console', async () => {
    const tenant = await findTenant(slug)
    await tenant.load('domains', (query) => query.orderBy('is_primary', 'desc').orderBy('hostname'))
    return tenant
  })
}
