/** Isolation coverage of the erasure and subject access routes; see route_isolation.ts. */
const REQUESTS = 'functional/privacy/requests.spec.ts'
const CROSS = `${REQUESTS}::an England admin cannot erase or read a Fife story or address`

export const PRIVACY_ROUTE_ISOLATION: Record<string, string> = {
  'POST /staff/privacy/erasures': CROSS,
  'POST /staff/privacy/access': CROSS,
  'GET|HEAD /my-story/:token/erase': CROSS,
  'POST /my-story/:token/erase': CROSS,
  'GET|HEAD /my-story/:token/data': CROSS,
  'admin:GET|HEAD /privacy': 'tenant-free',
  'admin:POST /privacy/erasures': `${REQUESTS}::the national admin erases an address in every tenant; a tenant admin cannot`,
}
