/**
 * Tenant self-service: what a tenant's own admins may change about their
 * tenant on /staff/settings — tagline, colours, logo, languages, time zone,
 * contact address, search examples and footer links. Name, slug, domains
 * and suspension stay with national admins (#services/manage_tenants).
 *
 * Guarantees: every refusal happens before anything is written; each change
 * is one transaction together with its entry in the tenant's audit log
 * (what changed, from what to what); saving the tenant row clears this
 * process's host cache (Tenant's afterSave), so the public pages served
 * here show the change on the next request.
 */
import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { DomainError, type KeyedProblem } from '#exceptions/domain_error'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Tenant, { type TenantTheme } from '#models/tenant'
import TenantLogo from '#models/tenant_logo'
import { auditTenant, type AuditEntry } from '#services/platform/audit'
import { contrastShortfall } from '#services/tenants/tenant_theme'
import { sanitiseSvg, SvgRefused } from '#lib/svg_sanitiser'
import { tenancy } from '#tenancy/context'
import {
  footerLinksOf,
  searchExamplesOf,
  type TenantSettingsForm,
} from '#validators/tenant_settings'

export const LOGO_MAX_BYTES = 200 * 1024

/** Refuses the settings: one i18n key (under `settings.`) per field, all at once. */
export function refuseSettings(problems: KeyedProblem[]): never {
  throw new DomainError('', {
    problems: problems.map((problem) => ({ ...problem, key: `settings.${problem.key}` })),
  })
}

export type SettingsActor = Pick<AuditEntry, 'actor' | 'ip'>

function contrastProblems(form: TenantSettingsForm) {
  const problems: KeyedProblem[] = []
  const checks = [
    { field: 'brandColour', colour: form.brandColour, role: 'brand', key: 'contrastBrand' },
    { field: 'accentColour', colour: form.accentColour, role: 'accent', key: 'contrastAccent' },
  ] as const
  for (const check of checks) {
    const shortfall = check.colour ? contrastShortfall(check.role, check.colour) : null
    if (shortfall) {
      problems.push({
        field: check.field,
        key: check.key,
        values: { colour: check.colour, ...shortfall },
      })
    }
  }
  return problems
}

async function lockedTenant(trx: TransactionClientContract) {
  const current = tenancy.require()
  return Tenant.query({ client: trx }).where('id', current.id).forUpdate().firstOrFail()
}

/** What a form makes of the settings, in the shape the audit entry compares. */
function settingsOf(tenant: Tenant) {
  const theme = tenant.theme ?? {}
  return {
    tagline: theme.tagline ?? null,
    brandColour: theme.colours?.brand ?? null,
    accentColour: theme.colours?.accent ?? null,
    defaultLocale: tenant.defaultLocale,
    enabledLocales: tenant.enabledLocales,
    timeZone: tenant.timeZone,
    contactEmail: tenant.contactEmail,
    searchExamples: theme.searchExamples ?? [],
    footerLinks: theme.footerLinks ?? [],
  }
}

function changesBetween(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed: Record<string, { from: unknown; to: unknown }> = {}
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changed[key] = { from: before[key], to: after[key] }
    }
  }
  return changed
}

export async function updateTenantSettings(form: TenantSettingsForm, actor: SettingsActor) {
  const problems = contrastProblems(form)
  if (!form.enabledLocales.includes(form.defaultLocale)) {
    problems.push({ field: 'defaultLocale', key: 'defaultNotEnabled' })
  }
  if (problems.length) refuseSettings(problems)

  return db.transaction(async (trx) => {
    const tenant = await lockedTenant(trx)
    const before = settingsOf(tenant)
    const colours: NonNullable<TenantTheme['colours']> = { ...tenant.theme?.colours }
    if (form.brandColour) colours.brand = form.brandColour
    else delete colours.brand
    if (form.accentColour) colours.accent = form.accentColour
    else delete colours.accent
    tenant.theme = {
      ...tenant.theme,
      tagline: form.tagline ?? null,
      colours,
      searchExamples: searchExamplesOf(form.searchExamples),
      footerLinks: footerLinksOf(form),
    }
    tenant.defaultLocale = form.defaultLocale
    tenant.enabledLocales = form.enabledLocales
    tenant.timeZone = form.timeZone
    tenant.contactEmail = form.contactEmail ?? null
    const changed = changesBetween(before, settingsOf(tenant))
    if (Object.keys(changed).length === 0) return { tenant, changed }
    tenant.useTransaction(trx)
    await tenant.save()
    await auditTenant(
      {
        action: 'settings.updated',
        ...actor,
        subject: { type: 'tenant', id: tenant.id },
        details: { changed },
      },
      trx
    )
    return { tenant, changed }
  })
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG = Buffer.from([0xff, 0xd8, 0xff])

/** The logo's real type from its first bytes (the file name and declared type can lie). */
function logoBytes(bytes: Buffer): { contentType: TenantLogo['contentType']; bytes: Buffer } {
  if (bytes.length > LOGO_MAX_BYTES) {
    refuseSettings([{ field: 'logo', key: 'logoTooLarge', values: { max: 200 } }])
  }
  if (bytes.subarray(0, 8).equals(PNG)) return { contentType: 'image/png', bytes }
  if (bytes.subarray(0, 3).equals(JPEG)) return { contentType: 'image/jpeg', bytes }
  const text = bytes.toString('utf8')
  if (
    !text.includes('\u0000') &&
    /^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text)
  ) {
    try {
      return {
        contentType: 'image/svg+xml',
        bytes: Buffer.from(sanitiseSvg(text.replace(/^\uFEFF/, ''))),
      }
    } catch (error) {
      if (!(error instanceof SvgRefused)) throw error
      refuseSettings([{ field: 'logo', key: 'logoBadSvg' }])
    }
  }
  refuseSettings([{ field: 'logo', key: 'logoWrongType' }])
}

/** The path a logo is served from: its content hash, so it can be cached for good. */
export function logoPath(logo: Pick<TenantLogo, 'contentHash' | 'contentType'>) {
  const extension = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' }[
    logo.contentType
  ]
  return `/branding/logo/${logo.contentHash}.${extension}`
}

/** Replaces the tenant's logo with an uploaded PNG, JPEG or (sanitised) SVG. */
export async function setTenantLogo(upload: Buffer, actor: SettingsActor) {
  const logo = logoBytes(upload)
  const contentHash = createHash('sha256').update(logo.bytes).digest('hex')
  return db.transaction(async (trx) => {
    const tenant = await lockedTenant(trx)
    await TenantLogo.query({ client: trx }).delete()
    const saved = await TenantLogo.create({ ...logo, contentHash }, { client: trx })
    const from = tenant.theme?.logoUrl ?? null
    tenant.theme = { ...tenant.theme, logoUrl: logoPath(saved) }
    tenant.useTransaction(trx)
    await tenant.save()
    await auditTenant(
      {
        action: 'settings.logo_changed',
        ...actor,
        subject: { type: 'tenant', id: tenant.id },
        details: {
          from,
          to: tenant.theme.logoUrl,
          contentType: logo.contentType,
          bytes: logo.bytes.length,
        },
      },
      trx
    )
    return saved
  })
}

export async function removeTenantLogo(actor: SettingsActor) {
  return db.transaction(async (trx) => {
    const tenant = await lockedTenant(trx)
    await TenantLogo.query({ client: trx }).delete()
    const from = tenant.theme?.logoUrl ?? null
    if (!from) return
    tenant.theme = { ...tenant.theme, logoUrl: null }
    tenant.useTransaction(trx)
    await tenant.save()
    await auditTenant(
      {
        action: 'settings.logo_removed',
        ...actor,
        subject: { type: 'tenant', id: tenant.id },
        details: { from },
      },
      trx
    )
  })
}

/** The current tenant's logo if `hash` is still its logo's hash. */
export async function findTenantLogo(hash: string) {
  tenancy.require()
  if (!/^[0-9a-f]{64}$/.test(hash)) return null
  return TenantLogo.query().where('content_hash', hash).first()
}
