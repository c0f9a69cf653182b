/*
 * Routes, grouped by audience. Controllers are lazily imported.
 */
import router from '@adonisjs/core/services/router'

const HealthController = () => import('#controllers/system/health_controller')
const HomeController = () => import('#controllers/public/home_controller')
const LanguageController = () => import('#controllers/public/language_controller')
const NotFoundController = () => import('#controllers/system/not_found_controller')

/* Operations: every host. */
router.get('/health/live', [HealthController, 'live']).as('health.live')
router.get('/health/ready', [HealthController, 'ready']).as('health.ready')

/* The public. */
router.get('/', [HomeController, 'handle']).as('home')
router.post('/language', [LanguageController, 'store']).as('language.store')

/*
 * Last: any other GET is a friendly 404 rendered through the full middleware
 * stack, so the page has its language, session and CSRF token.
 */
router.get('*', [NotFoundController, 'handle']).as('not_found')
