/** Isolation tests of the routes added for moderation as the real service runs it. */
const AUTHOR_CHANGES = 'functional/moderation/author_sees_changes.spec.ts'
const ENTRY = 'functional/moderation/staff_entered_stories.spec.ts'
const ENTRY_CROSS = `${ENTRY}::a Fife moderator cannot type in a story on England, nor name an England service`
const INVITATIONS = 'functional/moderation/invitation_links.spec.ts'
const INVITATIONS_CROSS = `${INVITATIONS}::another tenant’s link, page and count are out of reach`

export const MODERATION_ROUTE_ISOLATION: Record<string, string> = {
  'POST /my-story/:token/disagree': `${AUTHOR_CHANGES}::another tenant’s host cannot disagree through a Fife link`,
  'GET|HEAD /staff/story-entry': ENTRY_CROSS,
  'POST /staff/story-entry': ENTRY_CROSS,
  'GET|HEAD /staff/invitation-links': INVITATIONS_CROSS,
  'POST /staff/invitation-links': INVITATIONS_CROSS,
  'GET|HEAD /staff/invitation-links/:id': INVITATIONS_CROSS,
  'GET|HEAD /i/:code': INVITATIONS_CROSS,
}
