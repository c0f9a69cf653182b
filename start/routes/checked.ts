/*
 * Routes for checked responses and fast-track: the moderators' queue of
 * responses waiting for a check, a responder sending one again after it was
 * sent back, and the responders' page where moderators grant and withdraw
 * fast-track. Registered inside the signed-in staff group.
 */
import router from '@adonisjs/core/services/router'

const ResponseChecksController = () => import('#controllers/staff/response_checks_controller')
const FastTrackController = () => import('#controllers/staff/fast_track_controller')

export function registerCheckedResponseRoutes() {
  router.get('/response-checks', [ResponseChecksController, 'index']).as('response_checks')
  router
    .post('/response-checks/:id/decision', [ResponseChecksController, 'decide'])
    .as('response_checks.decide')
  router
    .put('/response-checks/:id', [ResponseChecksController, 'resubmit'])
    .as('response_checks.resubmit')
  router.get('/responders', [FastTrackController, 'index']).as('responders')
  router
    .post('/responders/:id/fast-track', [FastTrackController, 'grant'])
    .as('responders.fast_track')
  router
    .delete('/responders/:id/fast-track', [FastTrackController, 'withdraw'])
    .as('responders.fast_track.destroy')
}
