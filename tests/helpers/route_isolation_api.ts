/** Isolation tests of the public API v1 and the staff page of API keys. */
const ISOLATION = 'functional/api/isolation.spec.ts'
const KEYS = 'functional/api/api_keys.spec.ts'
const WRITES = 'functional/api/partner_writes.spec.ts'
const READ = `${ISOLATION}::a Fife answer holds no England story, service or count`
const FOREIGN_KEY = `${ISOLATION}::a Fife key on England’s host is refused`

export const API_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /api/v1/stories/:id': READ,
  'GET|HEAD /api/v1/services/:ref': READ,
  'POST /api/v1/stories': `${WRITES}::a Fife submit key cannot send a story to England`,
  'POST /api/v1/stories/:id/responses': `${WRITES}::a Fife respond key cannot answer an England story`,
  'GET|HEAD|POST|PUT|PATCH|DELETE /api/v1/*': FOREIGN_KEY,
  'POST /staff/api-keys': `${KEYS}::another tenant’s key cannot be rotated or revoked`,
  'POST /staff/api-keys/:id/rotate': `${KEYS}::another tenant’s key cannot be rotated or revoked`,
  'DELETE /staff/api-keys/:id': `${KEYS}::another tenant’s key cannot be rotated or revoked`,
}
