/**
 * A tenant's branding, as the templates and its theme stylesheet see it.
 * Only validated values reach here (hex colours, https or site-relative
 * URLs), and the stylesheet is built from colours alone, so a theme can
 * never inject CSS or markup.
 */
import type Tenant from '#models/tenant'

export const HEX_COLOUR = /^#[0-9a-f]{6}$/i

function channel(hex: string, offset: number) {
  const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
}

function luminance(hex: string) {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5)
}

/** WCAG contrast ratio between two #rrggbb colours. */
export function contrastRatio(a: string, b: string) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

/** WCAG 2.2 AA for normal text. */
export const AA_CONTRAST = 4.5

/**
 * What each theme colour is read against (public/css/app.css): white text
 * on the brand colour, body text on the accent colour (highlights), and
 * links on the white page.
 */
export const READ_AGAINST = { brand: '#ffffff', accent: '#0b0c0c', link: '#ffffff' } as const

export type ThemeColour = keyof typeof READ_AGAINST

/**
 * The one contrast rule for a tenant's colours, used by the national
 * console, tenant:update and the tenant's own settings page: null when the
 * colour is readable, otherwise its ratio (rounded down to two decimals, so
 * 4.49 never reads as 4.5).
 */
export function contrastShortfall(role: ThemeColour, colour: string) {
  const ratio = contrastRatio(colour, READ_AGAINST[role])
  if (ratio >= AA_CONTRAST) return null
  return { ratio: (Math.floor(ratio * 100) / 100).toFixed(2), needed: AA_CONTRAST }
}

/** Values shared with every template of the tenant's site. */
export function themeFor(tenant: Tenant) {
  return {
    currentTenant: { slug: tenant.slug, name: tenant.name },
    siteName: tenant.name,
    siteTagline: tenant.theme?.tagline ?? null,
    siteLogo: tenant.theme?.logoUrl ?? null,
    footerLinks: tenant.theme?.footerLinks ?? [],
    searchExamples: tenant.theme?.searchExamples ?? [],
    siteExamples: tenant.theme?.examples ?? {},
    themeStylesheet: `/theme.css?v=${tenant.updatedAt?.toMillis?.() ?? 0}`,
  }
}

/** The design-token overrides of the tenant's theme, as CSS. */
export function themeStylesheet(tenant: Tenant) {
  const colours = tenant.theme?.colours ?? {}
  const lines: string[] = []
  if (colours.brand && HEX_COLOUR.test(colours.brand)) {
    lines.push(`  --colour-brand: ${colours.brand};`)
  }
  if (colours.accent && HEX_COLOUR.test(colours.accent)) {
    lines.push(`  --colour-accent: ${colours.accent};`)
  }
  if (colours.link && HEX_COLOUR.test(colours.link)) {
    lines.push(`  --colour-link: ${colours.link};`)
  }
  return `/* Theme of ${tenant.slug.replace(/[^a-z0-9-]/g, '')} */\n:root {\n${lines.join('\n')}\n}\n`
}
