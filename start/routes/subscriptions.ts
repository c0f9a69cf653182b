/*
 * Public email subscriptions and Atom feeds, registered inside the tenant
 * site group of start/routes.ts (after the directory's routes: the feed
 * paths have one more segment than /services/:slug and /areas/:slug).
 */
import router from '@adonisjs/core/services/router'

const SubscriptionsController = () => import('#controllers/public/subscriptions_controller')
const FeedsController = () => import('#controllers/public/feeds_controller')

export function registerSubscriptionRoutes() {
  router.get('/subscriptions/new', [SubscriptionsController, 'create']).as('subscriptions.new')
  router.post('/subscriptions', [SubscriptionsController, 'store']).as('subscriptions.store')
  router
    .get('/subscriptions/confirm/:token', [SubscriptionsController, 'confirm'])
    .as('subscriptions.confirm')
  router
    .get('/subscriptions/unsubscribe/:token', [SubscriptionsController, 'show'])
    .as('subscriptions.unsubscribe')
  router
    .post('/subscriptions/unsubscribe/:token', [SubscriptionsController, 'destroy'])
    .as('subscriptions.destroy')
  /* RFC 8058 one-click: under /api/, so no CSRF token is asked (the token in the path is the key). */
  router
    .post('/api/subscriptions/unsubscribe/:token', [SubscriptionsController, 'oneClick'])
    .as('subscriptions.one_click')
  router
    .get('/api/subscriptions/unsubscribe/:token', [SubscriptionsController, 'oneClickPage'])
    .as('subscriptions.one_click_page')

  router.get('/feeds/stories.atom', [FeedsController, 'tenant']).as('feeds.tenant')
  router.get('/services/:slug/feed.atom', [FeedsController, 'service']).as('feeds.service')
  router.get('/areas/:slug/feed.atom', [FeedsController, 'area']).as('feeds.area')
  router.get('/tags/:id/feed.atom', [FeedsController, 'tag']).as('feeds.tag')
}
