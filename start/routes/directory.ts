/*
 * Public routes of the service directory (browse by area, service pages,
 * A–Z, search) and of telling a story, registered inside the tenant site group of start/routes.ts.
 */
import router from '@adonisjs/core/services/router'

const AreasController = () => import('#controllers/public/areas_controller')
const ServicesController = () => import('#controllers/public/services_controller')
const StoriesController = () => import('#controllers/public/stories_controller')
const StoryPagesController = () => import('#controllers/public/story_pages_controller')
const AuthorPagesController = () => import('#controllers/public/author_pages_controller')
const TagsController = () => import('#controllers/public/tags_controller')

export function registerDirectoryRoutes() {
  router.get('/areas', [AreasController, 'index']).as('areas.index')
  router.get('/areas/:slug', [AreasController, 'show']).as('areas.show')
  router.get('/services', [ServicesController, 'index']).as('services.index')
  router.get('/services/search', [ServicesController, 'search']).as('services.search')
  router.get('/services/search.json', [ServicesController, 'searchJson']).as('services.search_json')
  router.get('/services/:slug', [ServicesController, 'show']).as('services.show')
  router.get('/tags/:id', [TagsController, 'show']).as('tags.show')

  router.get('/tell', [StoriesController, 'chooseService']).as('tell')
  router.get('/tell/story', [StoriesController, 'create']).as('tell.story')
  router.post('/tell/preview', [StoriesController, 'preview']).as('tell.preview')
  router.post('/tell', [StoriesController, 'store']).as('tell.store')
  router.get('/stories/confirm/:token', [StoriesController, 'confirm']).as('stories.confirm')
  router.get('/stories/:id', [StoryPagesController, 'show']).as('stories.show')
  router.post('/stories/:id/report', [StoryPagesController, 'report']).as('stories.report')

  /* The author's own page, by the private link in their emails. */
  router.get('/my-story', [AuthorPagesController, 'requestForm']).as('author.request')
  router.post('/my-story', [AuthorPagesController, 'requestLinks']).as('author.request.send')
  router.get('/my-story/:token', [AuthorPagesController, 'show']).as('author.show')
  router.post('/my-story/:token/answer', [AuthorPagesController, 'answer']).as('author.answer')
  router
    .post('/my-story/:token/withdraw', [AuthorPagesController, 'withdraw'])
    .as('author.withdraw')
  router.get('/my-story/:token/erase', [AuthorPagesController, 'confirmErase']).as('author.erase')
  router.post('/my-story/:token/erase', [AuthorPagesController, 'erase']).as('author.erase.store')
  router.get('/my-story/:token/data', [AuthorPagesController, 'download']).as('author.data')
  router
    .post('/my-story/:token/responses/:id/reply', [AuthorPagesController, 'reply'])
    .as('author.reply')
}
