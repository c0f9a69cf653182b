import vine from '@vinejs/vine'
import { CHANGE_KINDS } from '#models/response'

const body = vine.string().trim().minLength(10).maxLength(6000)
const change = {
  changeKind: vine.enum(CHANGE_KINDS).optional(),
  changeDescription: vine.string().trim().maxLength(2000).optional(),
}

export const responseValidator = vine.create(
  vine.object({ serviceId: vine.number().withoutDecimals().positive(), body, ...change })
)

export const responseUpdateValidator = vine.create(vine.object({ body, ...change }))

export const replyValidator = vine.create(
  vine.object({ reply: vine.string().trim().minLength(2).maxLength(4000) })
)

export const replyDecisionValidator = vine.create(
  vine.object({
    decision: vine.enum(['publish', 'reject'] as const),
    publicBody: vine.string().trim().minLength(2).maxLength(4000).optional(),
    reason: vine.string().trim().minLength(3).maxLength(2000).optional(),
  })
)

export const changeDecisionValidator = vine.create(
  vine.object({ decision: vine.enum(['confirm', 'reject'] as const) })
)

export const alertSettingsValidator = vine.create(
  vine.object({
    mode: vine.enum(['immediate', 'daily', 'none'] as const),
    minCriticality: vine.number().withoutDecimals().range([0, 5]),
  })
)

export const inboxFilterValidator = vine.create(
  vine.object({
    progress: vine.string().trim().maxLength(20).optional(),
    service: vine.string().trim().maxLength(140).optional(),
    tag: vine.number().withoutDecimals().positive().optional(),
    criticality: vine.number().withoutDecimals().range([0, 5]).optional(),
    order: vine.enum(['oldest', 'newest'] as const).optional(),
    after: vine.string().trim().maxLength(80).optional(),
  })
)

export const watchValidator = vine.create(
  vine.object({ service: vine.string().trim().minLength(1).maxLength(140) })
)
