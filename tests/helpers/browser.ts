import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright'

const BLOCKING = new Set(['serious', 'critical'])

/** The narrowest screen pages must reflow to (WCAG 1.4.10: 320 CSS pixels). */
const NARROW = 320

/**
 * WCAG 1.4.12's text spacing, as the usual bookmarklet applies it. Added as
 * a constructed style sheet: the pages' CSP refuses inline <style>, and the
 * test must not loosen the CSP it also checks.
 */
const TEXT_SPACING = `
  * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
  p { margin-bottom: 2em !important; }`

/* Runs in the page; typed loosely because this project compiles without the DOM library. */
function setTextSpacing([on, css]: [boolean, string]) {
  const doc = (globalThis as any).document
  const key = '__carevoiceTextSpacing'
  const sheet = doc[key] ?? new (globalThis as any).CSSStyleSheet()
  sheet.replaceSync(css)
  doc[key] = sheet
  doc.adoptedStyleSheets = on
    ? [...doc.adoptedStyleSheets.filter((own: unknown) => own !== sheet), sheet]
    : doc.adoptedStyleSheets.filter((own: unknown) => own !== sheet)
}

/**
 * Page titles seen by the suite, each with the page it belongs to (host and
 * path, numbers as :id): a title must name its step, state or story, so two
 * different pages with one title fail.
 */
const titles = new Map<string, string>()

function pageOf(url: string) {
  const { host, pathname } = new URL(url)
  return `${host}${pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}`
}

/** Fails when this page's title is already another page's. */
export function assertOwnTitle(title: string, url: string) {
  const page = pageOf(url)
  const owner = titles.get(title)
  if (owner && owner !== page)
    throw new Error(`The title "${title}" of ${page} is already the title of ${owner}`)
  titles.set(title, page)
}

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  return results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''))
}

/**
 * Runs axe-core on the page as it is now, at 320 pixels wide with WCAG
 * text spacing applied, and fails on any serious or critical violation,
 * naming each rule and the elements it hit; also fails when the page then
 * scrolls sideways, or when its title is another page's. The window and the
 * spacing are put back afterwards.
 */
export async function assertAccessible(page: Page) {
  assertOwnTitle(await page.title(), page.url())
  const viewport = page.viewportSize()
  await page.setViewportSize({ width: NARROW, height: viewport?.height ?? 740 })
  await page.evaluate(setTextSpacing, [true, TEXT_SPACING] as [boolean, string])
  try {
    const spacing = await page.evaluate(
      () =>
        (globalThis as any).getComputedStyle((globalThis as any).document.body)
          .wordSpacing as string
    )
    if (spacing === '0px' || spacing === 'normal')
      throw new Error(`Text spacing was not applied on ${page.url()}`)
    const blocking = await axeViolations(page)
    if (blocking.length > 0) {
      const report = blocking
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`
        )
        .join('\n')
      throw new Error(`Accessibility violations on ${page.url()} at ${NARROW} px:\n${report}`)
    }
    await assertFitsScreen(page)
  } finally {
    await page.evaluate(setTextSpacing, [false, TEXT_SPACING] as [boolean, string])
    if (viewport) await page.setViewportSize(viewport)
  }
}

/** The test server's origin for a given host name (for example fife.localhost). */
export function urlOn(host: string, path = '/') {
  return `http://${host}:${process.env.PORT}${path}`
}

/** Fails when the page is wider than its window (sideways scrolling on a phone). */
export async function assertFitsScreen(page: Page) {
  /* Runs in the page; typed loosely because this project compiles without the DOM library. */
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement
    return { scrollWidth: root.scrollWidth as number, clientWidth: root.clientWidth as number }
  })
  if (scrollWidth > clientWidth)
    throw new Error(`${page.url()} is ${scrollWidth} px wide on a ${clientWidth} px screen`)
}
