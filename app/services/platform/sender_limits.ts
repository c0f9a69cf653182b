/**
 * The two counters that guard a public form which sends email: one per
 * client address and one per email address, so neither many addresses nor
 * many emails get round them. The email counters are the EMAIL_LIMITERS,
 * so an erasure by email clears them too.
 */
import limiter from '@adonisjs/limiter/services/main'
import { EMAIL_LIMITERS, limiterKey, normalEmail } from '#services/platform/keyed_hash'

export type SenderLimit = 'story' | 'subscribe' | 'author_links'

/** True when this address may send this form once more (the attempt is counted). */
export function withinSenderLimits(
  name: SenderLimit,
  client: { ip: string; perHour: number },
  email: string
) {
  const perEmail = EMAIL_LIMITERS.find((counter) => counter.name === `${name}_email`)!
  return limiter
    .use({ requests: client.perHour, duration: '1 hour' })
    .attempt(limiterKey(name, client.ip), () =>
      limiter
        .use({ requests: perEmail.requests, duration: perEmail.duration })
        .attempt(limiterKey(perEmail.name, normalEmail(email)), () => true)
    )
}
