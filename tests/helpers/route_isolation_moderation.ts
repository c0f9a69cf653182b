/** Isolation tests of the routes added for moderation as the real service runs it. */
const AUTHOR_CHANGES = 'functional/moderation/author_sees_changes.spec.ts'

export const MODERATION_ROUTE_ISOLATION: Record<string, string> = {
  'POST /my-story/:token/disagree': `${AUTHOR_CHANGES}::another tenant’s host cannot disagree through a Fife link`,
}
