/*
 * Routes, grouped by audience. Every route is either on a tenant's host
 * (behind `tenantSite`), on the national admin host (behind `adminSite`),
 * or an operations endpoint that answers on every host.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminHost } from '#config/app'
import { registerDirectoryRoutes } from '#start/routes/directory'

const HealthController = () => import('#controllers/system/health_controller')
const NotFoundController = () => import('#controllers/system/not_found_controller')
const HomeController = () => import('#controllers/public/home_controller')
const LanguageController = () => import('#controllers/public/language_controller')
const ThemeController = () => import('#controllers/public/theme_controller')
const AdminSessionController = () => import('#controllers/admin/session_controller')
const AdminTenantsController = () => import('#controllers/admin/tenants_controller')
const AdminTenantDomainsController = () => import('#controllers/admin/tenant_domains_controller')
const AdminTenantStatusController = () => import('#controllers/admin/tenant_status_controller')

/* Operations: every host, no tenant needed. */
router.get('/health/live', [HealthController, 'live']).as('health.live')
router.get('/health/ready', [HealthController, 'ready']).as('health.ready')

/* The national admin console: its own host only. */
router
  .group(() => {
    router.get('/sign-in', [AdminSessionController, 'create']).as('sign_in')
    router.post('/sign-in', [AdminSessionController, 'store']).as('sign_in.store')
    router.post('/sign-out', [AdminSessionController, 'destroy']).as('sign_out')
    router.post('/language', [LanguageController, 'store']).as('language')

    router
      .group(() => {
        router.get('/', [AdminTenantsController, 'index']).as('tenants.index')
        router.get('/tenants/new', [AdminTenantsController, 'create']).as('tenants.create')
        router.post('/tenants', [AdminTenantsController, 'store']).as('tenants.store')
        router.get('/tenants/:slug', [AdminTenantsController, 'edit']).as('tenants.edit')
        router.put('/tenants/:slug', [AdminTenantsController, 'update']).as('tenants.update')
        router
          .post('/tenants/:slug/suspend', [AdminTenantStatusController, 'suspend'])
          .as('tenants.suspend')
        router
          .post('/tenants/:slug/resume', [AdminTenantStatusController, 'resume'])
          .as('tenants.resume')
        router
          .post('/tenants/:slug/domains', [AdminTenantDomainsController, 'store'])
          .as('domains.store')
        router
          .post('/tenants/:slug/domains/:hostname/primary', [
            AdminTenantDomainsController,
            'makePrimary',
          ])
          .as('domains.primary')
        router
          .delete('/tenants/:slug/domains/:hostname', [AdminTenantDomainsController, 'destroy'])
          .as('domains.destroy')
      })
      .use([middleware.auth(), middleware.nationalAdmin()])

    router.get('*', [NotFoundController, 'handle']).as('not_found')
  })
  .domain(adminHost)
  .as('admin')
  .use([middleware.adminSite(), middleware.silentAuth()])

/* A tenant's public site. */
router
  .group(() => {
    router.get('/', [HomeController, 'handle']).as('home')
    router.get('/theme.css', [ThemeController, 'handle']).as('theme')
    router.post('/language', [LanguageController, 'store']).as('language')
    registerDirectoryRoutes()

    /* Last: any other GET is the friendly 404 in the tenant's layout. */
    router.get('*', [NotFoundController, 'handle']).as('not_found')
  })
  .as('public')
  .use(middleware.tenantSite())
