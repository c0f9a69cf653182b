/*
 * The public API v1 on each tenant's host (#services/api), and its
 * documentation page. Registered inside the tenant site group of
 * start/routes.ts, before its catch-all 404. Any other path under /api/v1
 * answers a 404 problem, never the HTML page.
 */
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ApiStoriesController = () => import('#controllers/api/stories_controller')
const ApiDirectoryController = () => import('#controllers/api/directory_controller')
const ApiDocumentsController = () => import('#controllers/api/documents_controller')
const ApiDocsController = () => import('#controllers/public/api_docs_controller')
const ApiKeysController = () => import('#controllers/staff/api_keys_controller')

export function registerApiRoutes() {
  router.get('/api', [ApiDocsController, 'show']).as('api.docs')
  router
    .group(() => {
      router.get('/openapi.json', [ApiDocumentsController, 'openapi']).as('openapi')
      router
        .get('/stories', [ApiStoriesController, 'index'])
        .as('stories.index')
        .use(middleware.apiReadCache())
      router
        .get('/stories/removed', [ApiStoriesController, 'removed'])
        .as('stories.removed')
        .use(middleware.apiReadCache())
      router
        .get('/stories/:id', [ApiStoriesController, 'show'])
        .as('stories.show')
        .use(middleware.apiReadCache())
      router
        .post('/stories', [ApiStoriesController, 'store'])
        .as('stories.store')
        .use(middleware.apiScope({ scope: 'submit' }))
      router
        .post('/stories/:id/responses', [ApiStoriesController, 'respond'])
        .as('responses.store')
        .use(middleware.apiScope({ scope: 'respond' }))
      router
        .get('/services', [ApiDirectoryController, 'services'])
        .as('services.index')
        .use(middleware.apiReadCache())
      router
        .get('/services/:ref', [ApiDirectoryController, 'service'])
        .as('services.show')
        .use(middleware.apiReadCache())
      router
        .get('/areas', [ApiDirectoryController, 'areas'])
        .as('areas.index')
        .use(middleware.apiReadCache())
      router
        .get('/tags', [ApiDirectoryController, 'tags'])
        .as('tags.index')
        .use(middleware.apiReadCache())
      router
        .get('/figures', [ApiDirectoryController, 'figures'])
        .as('figures')
        .use(middleware.apiReadCache())
      /* OPTIONS too would carry no body to check (the body parser skips it): it gets the same 404 unrouted. */
      router
        .route(
          '/*',
          ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
          [ApiDocumentsController, 'notFound']
        )
        .as('not_found')
    })
    .prefix('/api/v1')
    .as('api')
    .use(middleware.apiAccess())
}

/** The tenant admins' page of API keys, inside the signed-in staff group. */
export function registerApiStaffRoutes() {
  router.get('/api-keys', [ApiKeysController, 'index']).as('api_keys')
  router.post('/api-keys', [ApiKeysController, 'store']).as('api_keys.store')
  router.post('/api-keys/:id/rotate', [ApiKeysController, 'rotate']).as('api_keys.rotate')
  router.delete('/api-keys/:id', [ApiKeysController, 'destroy']).as('api_keys.destroy')
}
