/**
 * The HTTP side of `Site`: a request's own protocol and port on the
 * tenant's primary host, and the language the page is shown in. Only
 * controllers and middleware use this; domain code gets the plain value.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { siteUrl, type Access, type Acting, type Site } from '#tenancy/site'

export function siteOfRequest(ctx: HttpContext): Site {
  const port = ctx.request.host()?.match(/:(\d+)$/)?.[1]
  const host = ctx.host.primaryHost ?? ctx.host.name
  return {
    baseUrl: `${ctx.request.protocol()}://${host}${port ? `:${port}` : ''}`,
    locale: ctx.i18n?.locale ?? ctx.tenant?.defaultLocale ?? 'en-GB',
  }
}

/** The signed-in user (if any), the tenant and the site of a tenant request. */
export function actingOf(ctx: HttpContext): Acting {
  return {
    actor: ctx.auth?.user ?? null,
    tenant: ctx.tenant!,
    site: siteOfRequest(ctx),
    ip: ctx.request.ip(),
  }
}

/** The tenant (or none, on the admin host), site, host and IP of any request. */
export function accessOf(ctx: HttpContext): Access {
  return {
    tenant: ctx.tenant ?? null,
    site: siteOfRequest(ctx),
    host: ctx.host.name ?? '',
    ip: ctx.request.ip(),
  }
}

/** Who acted and from where, for an audit entry made during a request. */
export function fromRequest(ctx: HttpContext) {
  return { actor: ctx.auth?.user ?? null, ip: ctx.request.ip() }
}

/** An absolute address on the request's own site (the one URL builder, `siteUrl`, underneath). */
export function absoluteUrl(ctx: HttpContext, path: string) {
  return siteUrl(siteOfRequest(ctx), path)
}
