import vine from '@vinejs/vine'

/** The author ticks a box to withdraw and erase their story at once. */
export const eraseOwnStoryValidator = vine.create(vine.object({ confirm: vine.accepted() }))

/** A tenant admin's erasure: a story or an address, a reason, and a second, confirming step. */
export const staffErasureValidator = vine.create(
  vine.object({
    kind: vine.enum(['story', 'email'] as const),
    story: vine.number().withoutDecimals().positive().optional().requiredWhen('kind', '=', 'story'),
    email: vine
      .string()
      .trim()
      .maxLength(254)
      .email()
      .optional()
      .requiredWhen('kind', '=', 'email'),
    reason: vine.string().trim().minLength(3).maxLength(500),
    withdraw: vine.boolean().optional(),
    confirmed: vine.literal('yes').optional(),
  })
)

/** A tenant admin answers a subject access request for an address. */
export const subjectAccessValidator = vine.create(
  vine.object({ email: vine.string().trim().maxLength(254).email() })
)

/** The national admin's erasure of an address in every tenant. */
export const nationalErasureValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
    reason: vine.string().trim().minLength(3).maxLength(500),
    withdraw: vine.boolean().optional(),
    confirmed: vine.literal('yes').optional(),
  })
)
