/*
 * Routes for moderation and telling as the real service runs them: stories
 * typed in on their authors' behalf and invitation links. The staff ones are
 * registered inside the signed-in staff group, the public one in the
 * tenant site group.
 */
import router from '@adonisjs/core/services/router'

const StoryEntryController = () => import('#controllers/staff/story_entry_controller')
const InvitationLinksController = () => import('#controllers/staff/invitation_links_controller')
const InvitationsController = () => import('#controllers/public/invitations_controller')

export function registerModerationStaffRoutes() {
  router.get('/story-entry', [StoryEntryController, 'create']).as('story_entry')
  router.post('/story-entry', [StoryEntryController, 'store']).as('story_entry.store')
  router.get('/invitation-links', [InvitationLinksController, 'index']).as('invitation_links')
  router
    .post('/invitation-links', [InvitationLinksController, 'store'])
    .as('invitation_links.store')
  router
    .get('/invitation-links/:id', [InvitationLinksController, 'show'])
    .as('invitation_links.show')
}

export function registerInvitationRoutes() {
  router.get('/i/:code', [InvitationsController, 'show']).as('invitations.start')
}
