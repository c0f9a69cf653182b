import vine from '@vinejs/vine'
import { REVIEW_HOURS_RANGE } from '#services/moderation/provider_review'

/*
 * A provider's request for a review. Whether the reason is given, its
 * length and HTML are the domain's rules (#services/moderation/provider_review),
 * which every caller goes through and which words them clearly; an empty
 * field arrives as null. The request body limit bounds what reaches it.
 */
export const reviewRequestValidator = vine.create(
  vine.object({ reason: vine.string().nullable().optional() })
)

const time = vine
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .optional()

export const providerReviewSettingsValidator = vine.create(
  vine.object({
    privateProviderKinds: vine.array(vine.string().trim().maxLength(40)).maxLength(100),
    providerReviewHours: vine
      .number()
      .withoutDecimals()
      .range([...REVIEW_HOURS_RANGE]),
    workingDayStarts: time,
    workingDayEnds: time,
  })
)
