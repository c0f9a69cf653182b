/*
 * Staff routes for moderation as the real service runs it: stories typed in
 * on their authors' behalf. Registered inside the signed-in staff group.
 */
import router from '@adonisjs/core/services/router'

const StoryEntryController = () => import('#controllers/staff/story_entry_controller')

export function registerModerationStaffRoutes() {
  router.get('/story-entry', [StoryEntryController, 'create']).as('story_entry')
  router.post('/story-entry', [StoryEntryController, 'store']).as('story_entry.store')
}
