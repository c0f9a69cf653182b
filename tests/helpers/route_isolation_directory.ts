/** Isolation coverage of the directory's routes; see route_isolation.ts. */
const PAGES = 'functional/directory/public_pages.spec.ts'

export const DIRECTORY_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /areas/:slug': `${PAGES}::never show another tenant`,
  'GET|HEAD /services/:slug': `${PAGES}::never show another tenant`,
}
