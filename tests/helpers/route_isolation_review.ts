/** Isolation tests of the provider review routes; see route_isolation.ts. */
const REVIEW = 'functional/moderation/provider_review.spec.ts'
const CROSS = `${REVIEW}::a responder of another service or another tenant cannot see or ask for a review`
const SETTINGS = `${REVIEW}::a tenant admin sets the private kinds, the window and working hours, and a moderator’s approval follows them`

export const REVIEW_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /staff/provider-review/:id': CROSS,
  'POST /staff/provider-review/:id/request': CROSS,
  'PUT /staff/settings/provider-review': SETTINGS,
}
