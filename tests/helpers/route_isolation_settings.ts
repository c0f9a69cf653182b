/** Isolation coverage of the tenant settings and logo routes; see route_isolation.ts. */
const SETTINGS = 'functional/settings/tenant_settings.spec.ts'
const CROSS = `${SETTINGS}::an England tenant admin cannot change Fife’s settings`

export const SETTINGS_ROUTE_ISOLATION: Record<string, string> = {
  'PUT /staff/settings': CROSS,
  'POST /staff/settings/logo': CROSS,
  'DELETE /staff/settings/logo': CROSS,
  'GET|HEAD /branding/logo/:file': `${SETTINGS}::an uploaded logo shows on the public pages at once`,
}
