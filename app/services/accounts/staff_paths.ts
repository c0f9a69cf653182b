/**
 * Staff pages live under /staff on a tenant's host and at the root of the
 * national admin host; the same controllers serve both. Takes anything
 * that says whether there is a tenant (a request, or an operation's `Access`).
 */
export function staffPath(where: { tenant: unknown }, path: string) {
  return where.tenant ? `/staff${path === '/' ? '' : path}` : path
}
