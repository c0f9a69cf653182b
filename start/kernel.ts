/*
 * HTTP middleware: server middleware run for every request (even with no
 * route); router middleware run for every matched route; named middleware
 * are applied per route group in start/routes.ts.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/http_baseline_middleware'),
  /* Writes are answered only once kept pages everywhere can no longer show what they changed. */
  () => import('#middleware/content_settle_middleware'),
  () => import('#middleware/container_bindings_middleware'),
  () => import('#middleware/request_log_middleware'),
  () => import('#middleware/health_middleware'),
  /* Public pages already rendered for a reader without a session: see the middleware. */
  () => import('#middleware/kept_page_middleware'),
  () => import('#middleware/static_files_middleware'),
  () => import('#middleware/identify_host_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  /* Right after parsing: no session, validator or query sees text that cannot be stored. */
  () => import('#middleware/refuse_unstorable_input_middleware'),
  /* The package's session, without a cookie or a query for readers who have none. */
  () => import('#middleware/session_middleware'),
  /* Reads from a replica only once the session is known to hold nothing. */
  () => import('#middleware/public_reads_middleware'),
  () => import('#middleware/flash_limit_middleware'),
  () => import('#middleware/detect_user_locale_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('#middleware/csrf_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  tenantSite: () => import('#middleware/tenant_site_middleware'),
  publicPageCache: () => import('#middleware/public_page_cache_middleware'),
  adminSite: () => import('#middleware/admin_site_middleware'),
  silentAuth: () => import('#middleware/silent_auth_middleware'),
  auth: () => import('#middleware/auth_middleware'),
  nationalAdmin: () => import('#middleware/national_admin_middleware'),
  staff: () => import('#middleware/staff_middleware'),
  apiAccess: () => import('#middleware/api_access_middleware'),
  apiScope: () => import('#middleware/api_scope_middleware'),
  apiReadCache: () => import('#middleware/api_read_cache_middleware'),
})
