import vine from '@vinejs/vine'
import { AGE_BANDS, AUTHOR_ROLES } from '#models/story'

export const MAX_WORDS = 1500

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length

/** A pseudonym must not be an email, a phone number, an age or a year. */
const safePseudonym = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  if (/@|\d{5,}|\b(19|20)\d{2}\b|\baged?\s*\d+|\b\d{1,3}\s*(years?|yrs?)\b/i.test(value)) {
    field.report(
      'Choose a display name that does not include an email, a number, an age or a year',
      'pseudonym',
      field
    )
  }
})

const fewEnoughWords = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && words(value) > MAX_WORDS) {
    field.report(
      `Your story is ${words(value)} words long: please keep it to ${MAX_WORDS} words or fewer`,
      'words',
      field,
      { words: words(value), max: MAX_WORDS }
    )
  }
})

export const storyValidator = vine.create(
  vine.object({
    service: vine.string().trim().maxLength(140),
    title: vine.string().trim().minLength(3).maxLength(120),
    body: vine.string().trim().minLength(20).maxLength(12000).use(fewEnoughWords()),
    tags: vine.array(vine.number().withoutDecimals().positive()).maxLength(30).optional(),
    month: vine.number().withoutDecimals().range([1, 12]),
    year: vine.number().withoutDecimals().range([1900, 2200]),
    authorRole: vine.enum(AUTHOR_ROLES),
    ageBand: vine.enum(AGE_BANDS),
    displayName: vine.string().trim().minLength(2).maxLength(40).use(safePseudonym()),
    email: vine.string().trim().maxLength(254).email(),
    consent: vine.accepted(),
    website: vine.string().maxLength(200).optional(),
  })
)
