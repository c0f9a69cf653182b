/** Isolation coverage of the staff story search, its exports and saved searches; see route_isolation.ts. */
const SEARCH = 'functional/searches/staff_search.spec.ts'
const SEARCH_CROSS = `${SEARCH}::a Fife moderator never sees an England story in the staff search or its exports`
const SAVED = 'functional/searches/saved_searches.spec.ts'
const SAVED_CROSS = `${SAVED}::another user’s or another tenant’s saved search cannot be read, changed, deleted or run`

export const STAFF_SEARCH_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /staff/search': SEARCH_CROSS,
  'GET|HEAD /staff/search/export.csv': SEARCH_CROSS,
  'GET|HEAD /staff/search/export.xlsx': SEARCH_CROSS,
  'GET|HEAD /staff/saved-searches': SAVED_CROSS,
  'POST /staff/saved-searches': SAVED_CROSS,
  'PUT /staff/saved-searches/:id': SAVED_CROSS,
  'DELETE /staff/saved-searches/:id': SAVED_CROSS,
  'GET|HEAD /staff/saved-searches/:id/dashboard': SAVED_CROSS,
}
