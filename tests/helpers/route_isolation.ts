/**
 * How each route is proven not to leak across tenants. Keys are
 * "[admin:]METHODS pattern"; values are "test file::test title" of the test
 * that covers it, or "tenant-free" for routes that read no tenant data.
 * GET routes without parameters on tenant hosts are walked automatically by
 * the isolation kit and need no entry.
 */
import { DIRECTORY_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_directory'
import { SUBSCRIPTION_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_subscriptions'
import { MODERATION_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_moderation'
import { PRIVACY_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_privacy'
import { SETTINGS_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_settings'
import { READING_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_reading'
import { REVIEW_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_review'
import { CHECKED_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_checked'
import { API_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_api'
import { STAFF_SEARCH_ROUTE_ISOLATION } from '#tests/helpers/route_isolation_staff_search'

export const ROUTE_ISOLATION: Record<string, string> = {
  ...DIRECTORY_ROUTE_ISOLATION,
  ...SUBSCRIPTION_ROUTE_ISOLATION,
  ...MODERATION_ROUTE_ISOLATION,
  ...PRIVACY_ROUTE_ISOLATION,
  ...SETTINGS_ROUTE_ISOLATION,
  ...READING_ROUTE_ISOLATION,
  ...REVIEW_ROUTE_ISOLATION,
  ...CHECKED_ROUTE_ISOLATION,
  ...API_ROUTE_ISOLATION,
  ...STAFF_SEARCH_ROUTE_ISOLATION,
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
  'POST /staff/sign-in':
    'functional/accounts/sign_in.spec.ts::a Fife moderator signed in on England has no staff rights there',
  'GET|HEAD /staff/sign-in': 'tenant-free',
  'GET|HEAD /staff/sign-in/two-factor': 'tenant-free',
  'POST /staff/sign-in/two-factor':
    'functional/accounts/sign_in.spec.ts::with two-factor sign-in the code is asked',
  'POST /staff/sign-out': 'tenant-free',
  'GET|HEAD /staff/password/forgot': 'tenant-free',
  'POST /staff/password/forgot':
    'functional/accounts/invitations_and_resets.spec.ts::works only on the host it was asked on',
  'GET|HEAD /staff/password/reset/:token':
    'functional/accounts/invitations_and_resets.spec.ts::works only on the host it was asked on',
  'POST /staff/password/reset/:token':
    'functional/accounts/invitations_and_resets.spec.ts::works only on the host it was asked on',
  'GET|HEAD /staff/invitations/:token':
    'functional/accounts/invitations_and_resets.spec.ts::accepts once, on their tenant host only',
  'PUT /staff/invitations/:token':
    'functional/accounts/invitations_and_resets.spec.ts::accepts once, on their tenant host only',
  'GET|HEAD /staff/account/two-factor': 'tenant-free',
  'POST /staff/account/two-factor': 'tenant-free',
  'GET|HEAD /staff':
    'functional/accounts/sign_in.spec.ts::a session is worth nothing on another host',
  'GET|HEAD /staff/account': 'tenant-free',
  'PUT /staff/account': 'functional/accounts/roles_and_audit.spec.ts::cannot become one',
  'DELETE /staff/account/sessions': 'tenant-free',
  'DELETE /staff/account/sessions/:id':
    "functional/accounts/sessions.spec.ts::a Fife moderator cannot sign out an England account's session",
  'GET|HEAD /staff/members':
    'functional/accounts/roles_and_audit.spec.ts::reads only their own tenant log',
  'POST /staff/invitations':
    'functional/accounts/invitations_and_resets.spec.ts::only into their own tenant',
  'PUT /staff/members/:id':
    'functional/accounts/members.spec.ts::cannot change a member of another tenant',
  'DELETE /staff/members/:id':
    'functional/accounts/members.spec.ts::cannot change a member of another tenant',
  'GET|HEAD /staff/audit':
    'functional/accounts/roles_and_audit.spec.ts::reads only their own tenant log',
  'admin:GET|HEAD /sign-in/two-factor': 'tenant-free',
  'admin:POST /sign-in/two-factor':
    'functional/tenancy/admin_console.spec.ts::signs in a national admin',
  'admin:GET|HEAD /password/forgot': 'tenant-free',
  'admin:POST /password/forgot': 'tenant-free',
  'admin:GET|HEAD /password/reset/:token': 'tenant-free',
  'admin:POST /password/reset/:token': 'tenant-free',
  'admin:GET|HEAD /account/two-factor': 'tenant-free',
  'admin:POST /account/two-factor': 'tenant-free',
  'admin:GET|HEAD /audit': 'functional/accounts/roles_and_audit.spec.ts::reads the national log',
}
