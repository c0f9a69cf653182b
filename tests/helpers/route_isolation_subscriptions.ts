/** Isolation coverage of subscription and feed routes; see route_isolation.ts. */
const SUBSCRIBING = 'functional/subscriptions/subscribing.spec.ts'
const UNSUBSCRIBING = `${SUBSCRIBING}::unsubscribe links work on their own site only`
const FEEDS = 'functional/subscriptions/feeds.spec.ts'
const FEEDS_CROSS = `${FEEDS}::a feed of England’s service, area or tag on Fife’s host is a 404`

export const SUBSCRIPTION_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /subscriptions/new': `${SUBSCRIBING}::another tenant’s service, area or tag is refused`,
  'POST /subscriptions': `${SUBSCRIBING}::another tenant’s service, area or tag is refused`,
  'GET|HEAD /subscriptions/confirm/:token': `${SUBSCRIBING}::confirm by the emailed link`,
  'GET|HEAD /subscriptions/unsubscribe/:token': UNSUBSCRIBING,
  'POST /subscriptions/unsubscribe/:token': UNSUBSCRIBING,
  'GET|HEAD /api/subscriptions/unsubscribe/:token': UNSUBSCRIBING,
  'POST /api/subscriptions/unsubscribe/:token': UNSUBSCRIBING,
  'GET|HEAD /feeds/stories.atom': `${FEEDS}::feeds never include unpublished, hidden, withdrawn or other tenants’ stories`,
  'GET|HEAD /services/:slug/feed.atom': FEEDS_CROSS,
  'GET|HEAD /areas/:slug/feed.atom': FEEDS_CROSS,
  'GET|HEAD /tags/:id/feed.atom': FEEDS_CROSS,
}
