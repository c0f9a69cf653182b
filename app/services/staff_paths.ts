import type { HttpContext } from '@adonisjs/core/http'

/**
 * Staff pages live under /staff on a tenant's host and at the root of the
 * national admin host; the same controllers serve both.
 */
export function staffPath(ctx: HttpContext, path: string) {
  return ctx.tenant ? `/staff${path === '/' ? '' : path}` : path
}
