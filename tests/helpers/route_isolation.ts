/**
 * How each route is proven not to leak across tenants. Keys are
 * "[admin:]METHODS pattern"; values are "test file::test title" of the test
 * that covers it, or "tenant-free" for routes that read no tenant data.
 * GET routes without parameters on tenant hosts are walked automatically by
 * the isolation kit and need no entry.
 */
import { DIRECTORY_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_directory'

export const ROUTE_ISOLATION: Record<string, string> = {
  ...DIRECTORY_ROUTE_ISOLATION,
  'GET|HEAD /health/live': 'tenant-free',
  'GET|HEAD /health/ready': 'tenant-free',
  'POST /language': 'tenant-free',
  'admin:POST /language': 'tenant-free',
  'admin:GET|HEAD /sign-in': 'tenant-free',
  'admin:POST /sign-in': 'functional/tenancy/admin_console.spec.ts::signs in a national admin',
  'admin:POST /sign-out': 'tenant-free',
  'admin:GET|HEAD /': 'functional/tenancy/admin_console.spec.ts::lists every tenant',
  'admin:GET|HEAD /tenants/new': 'tenant-free',
  'admin:POST /tenants': 'functional/tenancy/admin_console.spec.ts::creates a fourth tenant',
  'admin:GET|HEAD /tenants/:slug': 'functional/tenancy/admin_console.spec.ts::shows one tenant',
  'admin:PUT /tenants/:slug': 'functional/tenancy/admin_console.spec.ts::edits a tenant',
  'admin:POST /tenants/:slug/suspend':
    'functional/tenancy/admin_console.spec.ts::suspends and resumes',
  'admin:POST /tenants/:slug/resume':
    'functional/tenancy/admin_console.spec.ts::suspends and resumes',
  'admin:POST /tenants/:slug/domains': 'functional/tenancy/admin_console.spec.ts::manages domains',
  'admin:POST /tenants/:slug/domains/:hostname/primary':
    'functional/tenancy/admin_console.spec.ts::manages domains',
  'admin:DELETE /tenants/:slug/domains/:hostname':
    'functional/tenancy/admin_console.spec.ts::manages domains',
  'admin:GET|HEAD /*': 'tenant-free',
}
