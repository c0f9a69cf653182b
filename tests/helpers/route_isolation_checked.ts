/** Isolation tests of the routes added for checked responses and fast-track. */
const CHECKED = 'functional/responses/checked_responses.spec.ts'
const CROSS = `${CHECKED}::another tenant’s moderator cannot see or decide a Fife check, nor grant fast-track`

export const CHECKED_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /staff/response-checks': CROSS,
  'POST /staff/response-checks/:id/decision': CROSS,
  'PUT /staff/response-checks/:id': CROSS,
  'GET|HEAD /staff/responders': CROSS,
  'POST /staff/responders/:id/fast-track': CROSS,
  'DELETE /staff/responders/:id/fast-track': CROSS,
}
