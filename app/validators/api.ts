import vine from '@vinejs/vine'
import { AGE_BANDS, AUTHOR_ROLES } from '#models/story'
import { CHANGE_KINDS } from '#models/response'
import { API_SCOPES } from '#models/api_key'

/**
 * Text sent to the API is plain text: markup is refused rather than kept,
 * since a partner sending HTML would see its tags shown as text.
 */
const plainText = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && /<\s*[a-z!/?][^>]*>/i.test(value))
    field.report('The {{ field }} field must be plain text, without HTML', 'plainText', field)
})

/** Numbers as JSON numbers: "5" is a wrong type here, as the OpenAPI document says. */
const strictInt = () => vine.number({ strict: true }).withoutDecimals()

/** A partner's story (#services/api/partner_stories): the telling form's fields, typed strictly. */
export const apiStoryValidator = vine.create(
  vine.object({
    service: vine.string().trim().minLength(1).maxLength(140),
    title: vine.string().trim().minLength(3).maxLength(120).use(plainText()),
    body: vine.string().trim().minLength(20).maxLength(12000).use(plainText()),
    tags: vine.array(strictInt().positive()).maxLength(30).optional(),
    month: strictInt().range([1, 12]),
    year: strictInt().range([1900, 2200]),
    authorRole: vine.enum(AUTHOR_ROLES),
    ageBand: vine.enum(AGE_BANDS),
    displayName: vine.string().trim().minLength(2).maxLength(40).use(plainText()),
    email: vine.string().trim().maxLength(254).email(),
    consent: vine.literal(true),
  })
)

/** A response sent with a `respond` key, signed by a named responder. */
export const apiResponseValidator = vine.create(
  vine.object({
    service: vine.string().trim().minLength(1).maxLength(140),
    staff: vine.string().trim().minLength(1).maxLength(254),
    body: vine.string().trim().minLength(10).maxLength(6000).use(plainText()),
    changeKind: vine.enum(CHANGE_KINDS).nullable().optional(),
    changeDescription: vine.string().trim().maxLength(2000).use(plainText()).nullable().optional(),
  })
)

/** A tenant admin's form at /staff/api-keys. */
export const apiKeyValidator = vine.create(
  vine.object({
    name: vine.string().trim().minLength(2).maxLength(80),
    scopes: vine.array(vine.enum(API_SCOPES)).minLength(1).maxLength(4),
    services: vine.string().trim().maxLength(2000).optional(),
    ratePerSecond: vine.number().withoutDecimals().range([1, 100]).optional(),
  })
)
