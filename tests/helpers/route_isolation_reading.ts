/** Isolation coverage of the reading side's routes; see route_isolation.ts. */
const SEARCH = 'functional/reading/search.spec.ts'
const PAGES = 'functional/reading/reading_pages.spec.ts'
const FIGURES = `${PAGES}::service and area figures count their subtree only`

export const READING_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /stories': `${SEARCH}::never shows hidden, withdrawn, rejected, waiting or other tenants’ stories`,
  'GET|HEAD /stories/feed.atom': `${SEARCH}::never shows hidden, withdrawn, rejected, waiting or other tenants’ stories`,
  'POST /stories/:id/experienced': `${PAGES}::another tenant’s host cannot count it`,
  'GET|HEAD /services/:slug/figures': FIGURES,
  'GET|HEAD /services/:slug/figures.csv': FIGURES,
  'GET|HEAD /areas/:slug/figures': FIGURES,
  'GET|HEAD /areas/:slug/figures.csv': FIGURES,
  'GET|HEAD /sitemaps/:page': `${PAGES}::lists only public URLs of its own tenant`,
}
