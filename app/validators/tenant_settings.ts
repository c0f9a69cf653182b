/**
 * The tenant self-service form on /staff/settings: what a tenant admin may
 * change about their own tenant (never its name, slug, domains or status,
 * which stay with national admins). Field names are the form's own, so each
 * message lands beside its field.
 */
import vine from '@vinejs/vine'
import i18nManager from '@adonisjs/i18n/services/main'
import { HEX_COLOUR } from '#services/tenants/tenant_theme'
import { isValidTimeZone } from '#validators/tenant'

export const MAX_FOOTER_LINKS = 6
export const MAX_SEARCH_EXAMPLES = 5

/** Short display text: no control characters and no markup. */
const printable = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const bad = [...value].some((char) => {
    const code = char.codePointAt(0) ?? 0
    return code < 0x20 || code === 0x7f || char === '<' || char === '>'
  })
  if (bad)
    field.report('The {{ field }} cannot contain control characters or < >', 'printable', field)
})

const hexColour = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || !HEX_COLOUR.test(value)) {
    field.report('The {{ field }} must be a colour like #1d4f91', 'hexColour', field)
  }
})

/** Only https addresses: no javascript:, data: or plain http links in the footer. */
const httpsUrl = vine.createRule((value, _options, field) => {
  let ok = false
  if (typeof value === 'string' && /^https:\/\/[^\s"'<>\\]+$/i.test(value)) {
    try {
      ok = new URL(value).protocol === 'https:'
    } catch {
      ok = false
    }
  }
  if (!ok) field.report('The {{ field }} must start with https://', 'httpsUrl', field)
})

const timeZone = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string' || !isValidTimeZone(value)) {
    field.report('The {{ field }} must be a time zone such as Europe/London', 'timeZone', field)
  }
})

const footerFields: Record<string, any> = {}
for (let index = 0; index < MAX_FOOTER_LINKS; index++) {
  footerFields[`footerLinkLabel${index}`] = vine
    .string()
    .trim()
    .maxLength(60)
    .use(printable())
    .optional()
    .requiredIfExists(`footerLinkUrl${index}`)
  footerFields[`footerLinkUrl${index}`] = vine
    .string()
    .trim()
    .maxLength(500)
    .use(httpsUrl())
    .optional()
    .requiredIfExists(`footerLinkLabel${index}`)
}

export const tenantSettingsValidator = vine.create(
  vine.object({
    tagline: vine.string().trim().maxLength(200).use(printable()).optional(),
    brandColour: vine.string().trim().toLowerCase().use(hexColour()).optional(),
    accentColour: vine.string().trim().toLowerCase().use(hexColour()).optional(),
    defaultLocale: vine
      .string()
      .trim()
      .in(() => i18nManager.supportedLocales()),
    enabledLocales: vine
      .array(
        vine
          .string()
          .trim()
          .in(() => i18nManager.supportedLocales())
      )
      .minLength(1)
      .distinct()
      .parse((value) => (typeof value === 'string' ? [value] : value)),
    timeZone: vine.string().trim().maxLength(64).use(timeZone()),
    contactEmail: vine.string().trim().maxLength(254).email().optional(),
    searchExamples: vine.string().trim().maxLength(200).use(printable()).optional(),
    ...footerFields,
  })
)

export type TenantSettingsForm = {
  tagline?: string
  brandColour?: string
  accentColour?: string
  defaultLocale: string
  enabledLocales: string[]
  timeZone: string
  contactEmail?: string
  searchExamples?: string
} & Record<string, unknown>

/** The footer links of a validated form, in order, empty rows dropped. */
export function footerLinksOf(form: Record<string, unknown>) {
  const links: { label: string; url: string }[] = []
  for (let index = 0; index < MAX_FOOTER_LINKS; index++) {
    const label = form[`footerLinkLabel${index}`]
    const url = form[`footerLinkUrl${index}`]
    if (typeof label === 'string' && typeof url === 'string') links.push({ label, url })
  }
  return links
}

/** "Victoria, Ward 6" → ['Victoria', 'Ward 6'], at most MAX_SEARCH_EXAMPLES. */
export function searchExamplesOf(text: string | undefined) {
  return (text ?? '')
    .split(',')
    .map((example) => example.trim())
    .filter(Boolean)
    .slice(0, MAX_SEARCH_EXAMPLES)
}
