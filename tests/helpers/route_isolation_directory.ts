/** Isolation coverage of the directory's routes; see route_isolation.ts. */
const PAGES = 'functional/directory/public_pages.spec.ts'

const ADMIN = 'functional/directory/admin_pages.spec.ts'
const CROSS = `${ADMIN}::nor can Fife admins on England`

const TELLING = 'functional/stories/telling.spec.ts'

const MODERATION = 'functional/stories/moderation.spec.ts'
const MODERATION_CROSS = `${MODERATION}::Fife moderators cannot reach England stories`

const AUTHOR = 'functional/stories/author_page.spec.ts'
const AUTHOR_CROSS = `${AUTHOR}::other tenant’s link shows no story`
const POLICY = 'functional/stories/reports_and_policy.spec.ts'
const ESCALATION = 'functional/stories/escalation_and_hiding.spec.ts'
const POLICY_CROSS = `${POLICY}::Fife admins cannot see or change England’s tags, reasons or retention`

const RESPONDING = 'functional/responses/responding.spec.ts'
const RESPONDING_CROSS = `${RESPONDING}::only in their tenant`

export const DIRECTORY_ROUTE_ISOLATION: Record<string, string> = {
  'GET|HEAD /staff/inbox': RESPONDING_CROSS,
  'GET|HEAD /staff/stories/:id': RESPONDING_CROSS,
  'POST /staff/stories/:id/responses': RESPONDING_CROSS,
  'POST /staff/stories/:id/responses/preview': `${RESPONDING}::cannot touch another tenant’s responses`,
  'PUT /staff/responses/:id': `${RESPONDING}::cannot touch another tenant’s responses`,
  'DELETE /staff/responses/:id': `${RESPONDING}::cannot touch another tenant’s responses`,
  'PUT /staff/account/alerts': `${RESPONDING}::alert settings are per person`,
  'POST /staff/account/watches': `${RESPONDING}::another tenant’s service cannot be followed`,
  'DELETE /staff/account/watches/:serviceId': `${RESPONDING}::another tenant’s service cannot be followed`,
  'GET|HEAD /staff/moderation/checks': `${RESPONDING}::cannot touch another tenant’s responses`,
  'POST /staff/moderation/responses/:id/change': `${RESPONDING}::cannot touch another tenant’s responses`,
  'POST /staff/moderation/replies/:id': `${RESPONDING}::cannot touch another tenant’s responses`,
  'POST /my-story/:token/responses/:id/reply': `${RESPONDING}::cannot touch another tenant’s responses`,
  'POST /stories/:id/report': `${POLICY}::report on another tenant’s story is refused`,
  'POST /staff/moderation/:id/reports/dismiss': `${POLICY}::cannot dismiss reports on England stories`,
  'GET|HEAD /my-story': `${AUTHOR}::emails the author only`,
  'POST /my-story': `${AUTHOR}::emails the author only`,
  'GET|HEAD /my-story/:token': AUTHOR_CROSS,
  'POST /my-story/:token/answer': AUTHOR_CROSS,
  'POST /my-story/:token/withdraw': AUTHOR_CROSS,
  'GET|HEAD /staff/settings/moderation': POLICY_CROSS,
  'POST /staff/settings/tags': POLICY_CROSS,
  'PUT /staff/settings/tags/:id': POLICY_CROSS,
  'DELETE /staff/settings/tags/:id': POLICY_CROSS,
  'POST /staff/settings/reasons': POLICY_CROSS,
  'PUT /staff/settings/reasons/:id': POLICY_CROSS,
  'DELETE /staff/settings/reasons/:id': POLICY_CROSS,
  'PUT /staff/settings/retention': POLICY_CROSS,
  'GET|HEAD /tags/:id': 'functional/stories/listings.spec.ts::never repeating a story',
  'PUT /staff/settings/safeguarding': `${ESCALATION}::safeguarding contact`,
  'GET|HEAD /staff/moderation': MODERATION_CROSS,
  'POST /staff/moderation/:id/ask':
    'functional/stories/escalation_and_hiding.spec.ts::cannot ask, escalate or hide England stories',
  'POST /staff/moderation/:id/escalate':
    'functional/stories/escalation_and_hiding.spec.ts::cannot ask, escalate or hide England stories',
  'POST /staff/moderation/:id/hide':
    'functional/stories/escalation_and_hiding.spec.ts::cannot ask, escalate or hide England stories',
  'GET|HEAD /staff/moderation/:id': MODERATION_CROSS,
  'POST /staff/moderation/:id/claim': MODERATION_CROSS,
  'PUT /staff/moderation/:id': `${MODERATION}::only in Fife`,
  'POST /staff/moderation/:id/reject': `${MODERATION}::rejected and unpublished stories are in no public page`,
  'GET|HEAD /stories/:id': `${MODERATION}::only in Fife`,
  'POST /tell/preview': `${TELLING}::a service or a tag of another tenant is refused`,
  'POST /tell': `${TELLING}::a service or a tag of another tenant is refused`,
  'GET|HEAD /tell/story': `${TELLING}::a service or a tag of another tenant is refused`,
  'GET|HEAD /stories/confirm/:token': `${TELLING}::confirm by the emailed link`,
  'GET|HEAD /staff/directory': CROSS,
  'GET|HEAD /staff/directory/services/new': CROSS,
  'POST /staff/directory/services': `${ADMIN}::every change audited`,
  'GET|HEAD /staff/directory/services/:id/edit': CROSS,
  'PUT /staff/directory/services/:id': CROSS,
  'POST /staff/directory/services/:id/close': CROSS,
  'POST /staff/directory/services/:id/reopen': CROSS,
  'POST /staff/directory/services/:id/merge': CROSS,
  'GET|HEAD /staff/directory/areas': CROSS,
  'POST /staff/directory/areas': `${ADMIN}::areas are added`,
  'PUT /staff/directory/areas/:id': CROSS,
  'GET|HEAD /staff/directory/import': CROSS,
  'POST /staff/directory/import': `${ADMIN}::imports only this tenant rows`,
  'GET|HEAD /areas/:slug': `${PAGES}::never show another tenant`,
  'GET|HEAD /services/:slug': `${PAGES}::never show another tenant`,
}
