/**
 * A partner's story (a hospital's feedback kiosk, a Healthwatch), sent
 * with a `submit` key: it takes the same path as a story told on the web
 * (#services/stories/submit_story: the same checks, the author confirms by
 * email, then moderation), with its submission route recorded as
 * 'partner' for the moderators to see.
 *
 * Guarantees: a key limited to services submits only about those (and
 * below); the story, its audit entry and its idempotency record are
 * written in one transaction; a retry with the same Idempotency-Key gets
 * the first answer and makes no second story.
 */
import i18nManager from '@adonisjs/i18n/services/main'
import type { Infer } from '@vinejs/vine/types'
import Service from '#models/service'
import { STORY_STATUS } from '#models/story'
import { DomainError } from '#exceptions/domain_error'
import { coversServiceAncestry } from '#services/api/api_keys'
import {
  keepAnswer,
  keptAnswer,
  type IdempotentRequest,
  type KeptAnswer,
} from '#services/api/idempotency'
import { auditTenant } from '#services/platform/audit'
import { submitStory } from '#services/stories/submit_story'
import type { Acting } from '#tenancy/site'
import type { apiStoryValidator } from '#validators/api'

export type PartnerStory = Infer<typeof apiStoryValidator>

export async function submitPartnerStory(
  acting: Acting,
  request: IdempotentRequest,
  input: PartnerStory
): Promise<KeptAnswer & { replayed: boolean }> {
  const kept = await keptAnswer(request)
  if (kept) return { ...kept, replayed: true }
  const service = await Service.byRef(input.service).first()
  if (service && !coversServiceAncestry(request.apiKey, service.ancestry))
    throw new DomainError('api.errors.outsideKeyServices', { status: 403, field: 'service' })
  let answer: KeptAnswer | null = null
  await submitStory({ ...input, service: service?.slug ?? input.service, consent: true }, acting, {
    submissionRoute: 'partner',
    alongside: async (story, trx) => {
      const i18n = i18nManager.locale(acting.site.locale)
      answer = {
        status: 201,
        answer: {
          data: {
            id: story.id,
            status: STORY_STATUS.unconfirmed,
            message: i18n.t('api.submitted'),
          },
        },
      }
      await auditTenant(
        {
          action: 'api.story_submitted',
          actor: null,
          subject: { type: 'story', id: story.id },
          details: { apiKeyId: request.apiKey.id, apiKey: request.apiKey.prefix },
          ip: acting.ip ?? null,
        },
        trx
      )
      await keepAnswer(request, { ...answer, storyId: story.id }, trx)
    },
  })
  return { ...answer!, replayed: false }
}
