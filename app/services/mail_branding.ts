/**
 * Every email carries the tenant's name (or the platform's on the admin
 * host) and links to the host it concerns.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { type Message } from '@adonisjs/mail'
import env from '#start/env'

export function absoluteUrl(ctx: HttpContext, path: string) {
  const port = ctx.request.host()?.match(/:(\d+)$/)?.[1]
  return `${ctx.request.protocol()}://${ctx.host.primaryHost ?? ctx.host.name}${port ? `:${port}` : ''}${path}`
}

export function brandedMail(
  ctx: HttpContext,
  content: { to: string; subject: string; text: string }
) {
  const siteName = ctx.tenant?.name ?? 'Carevoice'
  return (message: Message) => {
    message.to(content.to).subject(content.subject).text(`${content.text}\n\n— ${siteName}\n`)
    message.from(env.get('MAIL_FROM_ADDRESS') ?? 'no-reply@carevoice.test', siteName)
  }
}

/**
 * The same branding for mail sent from a job, where there is no request:
 * the tenant's name as sender and signature, and any extra headers (such
 * as List-Unsubscribe).
 */
export function tenantMail(
  tenant: { name: string },
  content: { to: string; subject: string; text: string; headers?: Record<string, string> }
) {
  return (message: Message) => {
    message.to(content.to).subject(content.subject).text(`${content.text}\n\n— ${tenant.name}\n`)
    message.from(env.get('MAIL_FROM_ADDRESS') ?? 'no-reply@carevoice.test', tenant.name)
    for (const [name, value] of Object.entries(content.headers ?? {})) message.header(name, value)
  }
}
