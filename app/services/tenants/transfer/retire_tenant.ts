/**
 * tenant:retire — the hand-over after a tenant was imported elsewhere: the
 * tenant is suspended here and its hosts answer 301 to the same path under
 * the new deployment's URL (identify_host_middleware), so links in old
 * emails and feeds keep working. Its data stays here until an operator
 * removes it. Recorded in the national audit log.
 */
import db from '@adonisjs/lucid/services/db'
import Tenant from '#models/tenant'
import { auditPlatform } from '#services/platform/audit'
import { tenancy } from '#tenancy/context'
import { TransferError } from '#services/tenants/transfer/errors'

/** `https://host[:port][/prefix]` without a trailing slash, query or fragment; else null. */
export function movedToBase(input: string | undefined): string | null {
  let url: URL
  try {
    url = new URL(String(input ?? '').trim())
  } catch {
    return null
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) return null
  if (url.username || url.password) return null
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export async function retireTenant(
  slug: string,
  movedTo: string | undefined,
  actor: { id: number; email: string } | null = null
) {
  const base = movedToBase(movedTo)
  if (!base) {
    throw new TransferError(
      `--moved-to must be the new deployment's http(s) URL, like https://fife.example.org (got "${movedTo ?? ''}")`
    )
  }
  return tenancy.acrossTenants('national admin: tenant retire', () =>
    db.transaction(async (trx) => {
      const tenant = await Tenant.query({ client: trx })
        .where(
          'slug',
          String(slug ?? '')
            .trim()
            .toLowerCase()
        )
        .forUpdate()
        .first()
      if (!tenant) throw new TransferError(`No tenant has the slug "${slug}"`)
      tenant.status = 'suspended'
      tenant.movedToUrl = base
      tenant.useTransaction(trx)
      await tenant.save()
      await auditPlatform(
        {
          action: 'tenant.retired',
          actor,
          subject: { type: 'tenant', id: tenant.slug },
          tenantSlug: tenant.slug,
          details: { movedTo: base, via: 'ace' },
        },
        trx
      )
      return tenant
    })
  )
}
