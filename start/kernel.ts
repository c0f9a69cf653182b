/*
 * HTTP middleware: server middleware run for every request (even with no
 * route); router middleware run for every matched route.
 */
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

server.use([
  () => import('#middleware/container_bindings_middleware'),
  () => import('@adonisjs/static/static_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('#middleware/detect_user_locale_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
])

export const middleware = router.named({})
