import app from '@adonisjs/core/services/app'
import env from '#start/env'

/**
 * The public API's rate limits (#services/api/rate_limits): requests a
 * second and the burst allowed on top. Tests send many anonymous requests
 * from one address within a moment, so there the anonymous burst is wide;
 * the tests of the limit itself set their own. API_ANONYMOUS_PER_SECOND
 * and API_ANONYMOUS_BURST change the anonymous rate and burst (the
 * benchmark raises both to measure the list).
 */
const apiConfig = {
  rates: {
    anonymous: {
      perSecond: env.get('API_ANONYMOUS_PER_SECOND') ?? 1,
      burst: env.get('API_ANONYMOUS_BURST') ?? (app.inTest ? 1000 : 10),
    },
    key: { perSecond: 5, burst: 20 },
  },
}

export default apiConfig
