/*
 * Routes for provider review (private providers' responders see stories
 * waiting for their review and may ask for one; tenant admins set the
 * window). Registered inside the signed-in staff group.
 */
import router from '@adonisjs/core/services/router'

const ProviderReviewsController = () => import('#controllers/staff/provider_reviews_controller')
const ProviderReviewSettingsController = () =>
  import('#controllers/staff/provider_review_settings_controller')

export function registerProviderReviewStaffRoutes() {
  router.get('/provider-review', [ProviderReviewsController, 'index']).as('provider_review')
  router.get('/provider-review/:id', [ProviderReviewsController, 'show']).as('provider_review.show')
  router
    .post('/provider-review/:id/request', [ProviderReviewsController, 'store'])
    .as('provider_review.request')
  router
    .put('/settings/provider-review', [ProviderReviewSettingsController, 'update'])
    .as('settings.provider_review')
}
