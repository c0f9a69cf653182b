/*
 * Routes, grouped by audience. Every route is either on a tenant's host
 * (behind `tenantSite`), on the national admin host (behind `adminSite`),
 * or an operations endpoint that answers on every host.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminHost } from '#config/app'
import { registerDirectoryRoutes } from '#start/routes/directory'
import { registerSubscriptionRoutes } from '#start/routes/subscriptions'
import { registerInvitationRoutes, registerModerationStaffRoutes } from '#start/routes/moderation'
import { registerReadingRoutes } from '#start/routes/reading'
import { registerProviderReviewStaffRoutes } from '#start/routes/provider_review'
import { registerCheckedResponseRoutes } from '#start/routes/checked'
import { registerApiRoutes, registerApiStaffRoutes } from '#start/routes/api'
import { registerStaffSearchRoutes } from '#start/routes/staff_search'

const NotFoundController = () => import('#controllers/system/not_found_controller')
const HomeController = () => import('#controllers/public/home_controller')
const LanguageController = () => import('#controllers/public/language_controller')
const ThemeController = () => import('#controllers/public/theme_controller')
const LogoController = () => import('#controllers/public/logo_controller')
const TenantSettingsController = () => import('#controllers/staff/tenant_settings_controller')
const SessionController = () => import('#controllers/staff/session_controller')
const TwoFactorController = () => import('#controllers/staff/two_factor_controller')
const PasswordResetController = () => import('#controllers/staff/password_reset_controller')
const InvitationsController = () => import('#controllers/staff/invitations_controller')
const StaffHomeController = () => import('#controllers/staff/home_controller')
const MembersController = () => import('#controllers/staff/members_controller')
const AccountController = () => import('#controllers/staff/account_controller')
const AccountSessionsController = () => import('#controllers/staff/account_sessions_controller')
const AuditController = () => import('#controllers/staff/audit_controller')
const DirectoryController = () => import('#controllers/staff/directory_controller')
const ModerationController = () => import('#controllers/staff/moderation_controller')
const StaffStoriesController = () => import('#controllers/staff/staff_stories_controller')
const ModerationSettingsController = () =>
  import('#controllers/staff/moderation_settings_controller')
const PrivacyController = () => import('#controllers/staff/privacy_controller')
const AdminPrivacyController = () => import('#controllers/admin/privacy_controller')
const AdminTenantsController = () => import('#controllers/admin/tenants_controller')
const AdminTenantDomainsController = () => import('#controllers/admin/tenant_domains_controller')
const AdminTenantStatusController = () => import('#controllers/admin/tenant_status_controller')

/** Sign-in, second factor, sign-out and password reset: the same on every host. */
function registerSignInRoutes() {
  router.get('/sign-in', [SessionController, 'create']).as('sign_in')
  router.post('/sign-in', [SessionController, 'store']).as('sign_in.store')
  router.get('/sign-in/two-factor', [SessionController, 'challenge']).as('sign_in.two_factor')
  router.post('/sign-in/two-factor', [SessionController, 'verify']).as('sign_in.verify')
  router.post('/sign-out', [SessionController, 'destroy']).as('sign_out')
  router.get('/password/forgot', [PasswordResetController, 'create']).as('password.forgot')
  router.post('/password/forgot', [PasswordResetController, 'store']).as('password.send')
  router.get('/password/reset/:token', [PasswordResetController, 'edit']).as('password.reset')
  router.post('/password/reset/:token', [PasswordResetController, 'update']).as('password.update')
}

/* Operations: every host, no tenant needed. */

/* The national admin console: its own host only. */
router
  .group(() => {
    registerSignInRoutes()
    router.post('/language', [LanguageController, 'store']).as('language')
    router
      .group(() => {
        router.get('/account/two-factor', [TwoFactorController, 'show']).as('two_factor')
        router.post('/account/two-factor', [TwoFactorController, 'store']).as('two_factor.store')
      })
      .use(middleware.auth())

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
        router.get('/audit', [AuditController, 'index']).as('audit')
        router.get('/privacy', [AdminPrivacyController, 'show']).as('privacy')
        router.post('/privacy/erasures', [AdminPrivacyController, 'erase']).as('privacy.erase')
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
    router.get('/branding/logo/:file', [LogoController, 'show']).as('logo')
    router.post('/language', [LanguageController, 'store']).as('language')
    registerReadingRoutes()
    registerDirectoryRoutes()
    registerInvitationRoutes()
    registerSubscriptionRoutes()
    registerApiRoutes()

    /* Staff of the tenant. */
    router
      .group(() => {
        registerSignInRoutes()
        router.get('/invitations/:token', [InvitationsController, 'show']).as('invitations.show')
        router
          .put('/invitations/:token', [InvitationsController, 'update'])
          .as('invitations.accept')
        router
          .group(() => {
            router.get('/account/two-factor', [TwoFactorController, 'show']).as('two_factor')
            router
              .post('/account/two-factor', [TwoFactorController, 'store'])
              .as('two_factor.store')
            router.get('/', [StaffHomeController, 'handle']).as('home')
            router.get('/account', [AccountController, 'show']).as('account')
            router.put('/account', [AccountController, 'update']).as('account.update')
            router
              .delete('/account/sessions', [AccountSessionsController, 'destroyAll'])
              .as('account.sessions.destroy_all')
            router
              .delete('/account/sessions/:id', [AccountSessionsController, 'destroy'])
              .as('account.sessions.destroy')
            router.get('/members', [MembersController, 'index']).as('members')
            router.post('/invitations', [InvitationsController, 'store']).as('invitations.store')
            router.put('/members/:id', [MembersController, 'update']).as('members.update')
            router.delete('/members/:id', [MembersController, 'destroy']).as('members.destroy')
            router.get('/audit', [AuditController, 'index']).as('audit')
            router.get('/privacy', [PrivacyController, 'show']).as('privacy')
            router.post('/privacy/erasures', [PrivacyController, 'erase']).as('privacy.erase')
            router.post('/privacy/access', [PrivacyController, 'access']).as('privacy.access')
            router.get('/moderation', [ModerationController, 'index']).as('moderation')
            registerModerationStaffRoutes()
            registerProviderReviewStaffRoutes()
            registerCheckedResponseRoutes()
            registerApiStaffRoutes()
            registerStaffSearchRoutes()
            router
              .get('/moderation/checks', [ModerationController, 'checks'])
              .as('moderation.checks')
            router
              .post('/moderation/responses/:id/change', [ModerationController, 'checkChange'])
              .as('moderation.check_change')
            router
              .post('/moderation/replies/:id', [ModerationController, 'moderateReply'])
              .as('moderation.reply')
            router.get('/inbox', [StaffStoriesController, 'inbox']).as('inbox')
            router.get('/stories/:id', [StaffStoriesController, 'show']).as('stories.show')
            router
              .post('/stories/:id/responses/preview', [StaffStoriesController, 'preview'])
              .as('responses.preview')
            router
              .post('/stories/:id/responses', [StaffStoriesController, 'store'])
              .as('responses.store')
            router.put('/responses/:id', [StaffStoriesController, 'update']).as('responses.update')
            router
              .delete('/responses/:id', [StaffStoriesController, 'destroy'])
              .as('responses.destroy')
            router
              .put('/account/alerts', [StaffStoriesController, 'updateAlerts'])
              .as('account.alerts')
            router
              .post('/account/watches', [StaffStoriesController, 'watch'])
              .as('account.watches.store')
            router
              .delete('/account/watches/:serviceId', [StaffStoriesController, 'unwatch'])
              .as('account.watches.destroy')
            router.get('/moderation/:id', [ModerationController, 'show']).as('moderation.show')
            router
              .post('/moderation/:id/claim', [ModerationController, 'claim'])
              .as('moderation.claim')
            router.put('/moderation/:id', [ModerationController, 'update']).as('moderation.update')
            router
              .post('/moderation/:id/reject', [ModerationController, 'reject'])
              .as('moderation.reject')
            router.post('/moderation/:id/ask', [ModerationController, 'ask']).as('moderation.ask')
            router
              .post('/moderation/:id/escalate', [ModerationController, 'escalate'])
              .as('moderation.escalate')
            router
              .post('/moderation/:id/hide', [ModerationController, 'hide'])
              .as('moderation.hide')
            router
              .post('/moderation/:id/reports/dismiss', [ModerationController, 'dismissReports'])
              .as('moderation.dismiss_reports')
            router.get('/settings', [TenantSettingsController, 'show']).as('settings')
            router.put('/settings', [TenantSettingsController, 'update']).as('settings.update')
            router
              .post('/settings/logo', [TenantSettingsController, 'updateLogo'])
              .as('settings.logo')
            router
              .delete('/settings/logo', [TenantSettingsController, 'destroyLogo'])
              .as('settings.logo.destroy')
            router
              .get('/settings/moderation', [ModerationSettingsController, 'show'])
              .as('settings.moderation')
            router
              .post('/settings/tags', [ModerationSettingsController, 'storeTag'])
              .as('settings.tags.store')
            router
              .put('/settings/tags/:id', [ModerationSettingsController, 'updateTag'])
              .as('settings.tags.update')
            router
              .delete('/settings/tags/:id', [ModerationSettingsController, 'destroyTag'])
              .as('settings.tags.destroy')
            router
              .post('/settings/reasons', [ModerationSettingsController, 'storeReason'])
              .as('settings.reasons.store')
            router
              .put('/settings/reasons/:id', [ModerationSettingsController, 'updateReason'])
              .as('settings.reasons.update')
            router
              .delete('/settings/reasons/:id', [ModerationSettingsController, 'destroyReason'])
              .as('settings.reasons.destroy')
            router
              .put('/settings/retention', [ModerationSettingsController, 'updateRetention'])
              .as('settings.retention')
            router
              .put('/settings/safeguarding', [ModerationSettingsController, 'updateSafeguarding'])
              .as('settings.safeguarding')
            router.get('/directory', [DirectoryController, 'index']).as('directory')
            router
              .get('/directory/services/new', [DirectoryController, 'create'])
              .as('directory.new')
            router.post('/directory/services', [DirectoryController, 'store']).as('directory.store')
            router
              .get('/directory/services/:id/edit', [DirectoryController, 'edit'])
              .as('directory.edit')
            router
              .put('/directory/services/:id', [DirectoryController, 'update'])
              .as('directory.update')
            router
              .post('/directory/services/:id/close', [DirectoryController, 'close'])
              .as('directory.close')
            router
              .post('/directory/services/:id/reopen', [DirectoryController, 'reopen'])
              .as('directory.reopen')
            router
              .post('/directory/services/:id/merge', [DirectoryController, 'merge'])
              .as('directory.merge')
            router.get('/directory/areas', [DirectoryController, 'areas']).as('directory.areas')
            router
              .post('/directory/areas', [DirectoryController, 'saveArea'])
              .as('directory.areas.store')
            router
              .put('/directory/areas/:id', [DirectoryController, 'saveArea'])
              .as('directory.areas.update')
            router
              .get('/directory/import', [DirectoryController, 'importForm'])
              .as('directory.import')
            router
              .post('/directory/import', [DirectoryController, 'import'])
              .as('directory.import.store')
          })
          .use([middleware.auth(), middleware.staff()])
      })
      .prefix('/staff')
      .as('staff')
      .use(middleware.silentAuth())

    /* Last: any other GET is the friendly 404 in the tenant's layout. */
    router.get('*', [NotFoundController, 'handle']).as('not_found')
  })
  .as('public')
  /* After the site guard: ETags, 304s and kept pages for readers without a session. */
  .use([middleware.tenantSite(), middleware.publicPageCache()])
