/**
 * The rules for tenant settings, shared by the national console and the
 * tenant:* ace commands.
 */
import vine from '@vinejs/vine'
import i18nManager from '@adonisjs/i18n/services/main'
import { HEX_COLOUR } from '#services/tenants/tenant_theme'

export const RESERVED_SLUGS = ['admin', 'api', 'www', 'static', 'assets', 'health', 'national']

/** Hosts that can never be a tenant's. */
export const RESERVED_HOSTS = ['localhost', 'localhost.localdomain', 'example.com', 'example.org']

const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/

export function isValidHostname(value: string) {
  return HOSTNAME.test(value) && !/^[0-9.]+$/.test(value)
}

export function isValidTimeZone(value: string) {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value })
    return true
  } catch {
    return false
  }
}

const safeUrl = () =>
  vine
    .string()
    .trim()
    .maxLength(500)
    .regex(/^(https:\/\/[^\s"'<>]+|\/(?!\/)[^\s"'<>]*)$/)

export const slugRule = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .minLength(2)
    .maxLength(63)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .notIn(RESERVED_SLUGS)

/** Refuses control characters and angle brackets in short display text. */
const printableText = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const bad = [...value].some((char) => {
    const code = char.codePointAt(0) ?? 0
    return code < 0x20 || code === 0x7f || char === '<' || char === '>'
  })
  if (bad)
    field.report('The {{ field }} cannot contain control characters or < >', 'printable', field)
})

export const nameRule = () => vine.string().trim().minLength(1).maxLength(120).use(printableText())

export const hostnameRule = () =>
  vine
    .string()
    .trim()
    .toLowerCase()
    .maxLength(253)
    .use(
      vine.createRule((value, _options, field) => {
        if (typeof value !== 'string' || !isValidHostname(value)) {
          field.report(
            'The {{ field }} must be a host name such as fife.example.org',
            'hostname',
            field
          )
        }
      })()
    )
    .notIn(RESERVED_HOSTS)

export const localeRule = () =>
  vine
    .string()
    .trim()
    .in(() => i18nManager.supportedLocales())

export const themeRule = () =>
  vine.object({
    tagline: vine.string().trim().maxLength(200).nullable().optional(),
    logoUrl: safeUrl().nullable().optional(),
    colours: vine
      .object({
        brand: vine.string().trim().regex(HEX_COLOUR).optional(),
        accent: vine.string().trim().regex(HEX_COLOUR).optional(),
        link: vine.string().trim().regex(HEX_COLOUR).optional(),
      })
      .optional(),
    footerLinks: vine
      .array(vine.object({ label: nameRule().maxLength(60), url: safeUrl() }))
      .maxLength(10)
      .optional(),
  })

export const createTenantValidator = vine.create(
  vine.object({
    slug: slugRule(),
    name: nameRule(),
    domain: hostnameRule(),
    locale: localeRule().optional(),
    /** The first tenant admin, invited by email in the same step. */
    adminEmail: vine.string().trim().toLowerCase().maxLength(254).email().optional(),
  })
)

export const updateTenantValidator = vine.create(
  vine.object({
    name: nameRule().optional(),
    defaultLocale: localeRule().optional(),
    enabledLocales: vine.array(localeRule()).minLength(1).distinct().optional(),
    timeZone: vine
      .string()
      .trim()
      .maxLength(64)
      .use(
        vine.createRule((value, _options, field) => {
          if (typeof value !== 'string' || !isValidTimeZone(value)) {
            field.report(
              'The {{ field }} must be a time zone such as Europe/London',
              'timeZone',
              field
            )
          }
        })()
      )
      .optional(),
    contactEmail: vine.string().trim().maxLength(254).email().nullable().optional(),
    suspensionNotice: vine.string().trim().maxLength(1000).nullable().optional(),
    requireTwoFactor: vine.boolean().optional(),
    theme: themeRule().optional(),
  })
)

export const domainValidator = vine.create(vine.object({ hostname: hostnameRule() }))

/**
 * The console's flat form fields as the nested changes updateTenant takes.
 * Empty optional fields clear the value.
 */
export function tenantFormToChanges(form: Record<string, unknown>) {
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : null)
  const locales = form.enabledLocales
  const links: { label: string; url: string }[] = []
  for (let index = 0; index < 10; index++) {
    const label = text(`footerLinkLabel${index}`)
    const url = text(`footerLinkUrl${index}`)
    if (label || url) links.push({ label: label ?? '', url: url ?? '' })
  }
  return {
    name: form.name,
    defaultLocale: form.defaultLocale,
    enabledLocales: Array.isArray(locales) ? locales : locales ? [locales] : undefined,
    timeZone: form.timeZone,
    contactEmail: text('contactEmail'),
    suspensionNotice: text('suspensionNotice'),
    requireTwoFactor: form.requireTwoFactor === 'on' || form.requireTwoFactor === true,
    theme: {
      tagline: text('tagline'),
      logoUrl: text('logoUrl'),
      colours: {
        ...(text('brandColour') ? { brand: text('brandColour') } : {}),
        ...(text('accentColour') ? { accent: text('accentColour') } : {}),
        ...(text('linkColour') ? { link: text('linkColour') } : {}),
      },
      footerLinks: links,
    },
  }
}

/** Where the console form shows an error reported for a nested field. */
export function formFieldFor(field: string) {
  const known: Record<string, string> = {
    'theme.colours.brand': 'brandColour',
    'theme.colours.accent': 'accentColour',
    'theme.colours.link': 'linkColour',
    'theme.tagline': 'tagline',
    'theme.logoUrl': 'logoUrl',
  }
  if (known[field]) return known[field]
  const link = field.match(/^theme\.footerLinks\.(\d+)\.(label|url)$/)
  if (link) return `footerLink${link[2] === 'label' ? 'Label' : 'Url'}${link[1]}`
  return field.replace(/\.\d+$/, '')
}
