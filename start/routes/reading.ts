/*
 * The reading side of a tenant's site: story search and its feed, "I've
 * experienced this too", figures and charts, and the web basics (robots,
 * sitemaps, icons). Registered inside the tenant site group of
 * start/routes.ts, before the directory's routes (so /stories/feed.atom is
 * not taken for a story id).
 */
import router from '@adonisjs/core/services/router'

const StorySearchController = () => import('#controllers/public/story_search_controller')
const ExperiencesController = () => import('#controllers/public/experiences_controller')
const FiguresController = () => import('#controllers/public/figures_controller')
const WebBasicsController = () => import('#controllers/public/web_basics_controller')

export function registerReadingRoutes() {
  router.get('/stories', [StorySearchController, 'index']).as('stories.search')
  router.get('/stories/feed.atom', [StorySearchController, 'feed']).as('stories.search_feed')
  router.get('/search', [StorySearchController, 'redirect']).as('search')
  router
    .post('/stories/:id/experienced', [ExperiencesController, 'store'])
    .as('stories.experienced')

  router.get('/figures', [FiguresController, 'tenant']).as('figures')
  router.get('/figures.csv', [FiguresController, 'tenantCsv']).as('figures.csv')
  router.get('/services/:slug/figures', [FiguresController, 'service']).as('services.figures')
  router
    .get('/services/:slug/figures.csv', [FiguresController, 'serviceCsv'])
    .as('services.figures_csv')
  router.get('/areas/:slug/figures', [FiguresController, 'area']).as('areas.figures')
  router.get('/areas/:slug/figures.csv', [FiguresController, 'areaCsv']).as('areas.figures_csv')

  router.get('/robots.txt', [WebBasicsController, 'robots']).as('robots')
  router.get('/sitemap.xml', [WebBasicsController, 'sitemap']).as('sitemap')
  router.get('/sitemaps/:page', [WebBasicsController, 'sitemapPage']).as('sitemap.page')
  router.get('/favicon.ico', [WebBasicsController, 'favicon']).as('favicon')
  router.get('/icon.svg', [WebBasicsController, 'svgIcon']).as('icon.svg')
  router.get('/apple-touch-icon.png', [WebBasicsController, 'touchIcon']).as('icon.touch')
  router.get('/site.webmanifest', [WebBasicsController, 'manifest']).as('manifest')
}
