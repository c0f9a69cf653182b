import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright'

const BLOCKING = new Set(['serious', 'critical'])

/**
 * Runs axe-core on the page as it is now and fails on any serious or
 * critical violation, naming each rule and the elements it hit.
 */
export async function assertAccessible(page: Page) {
  const results = await new AxeBuilder({ page: page as never })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const blocking = results.violations.filter((violation) => BLOCKING.has(violation.impact ?? ''))
  if (blocking.length > 0) {
    const report = blocking
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`
      )
      .join('\n')
    throw new Error(`Accessibility violations on ${page.url()}:\n${report}`)
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
