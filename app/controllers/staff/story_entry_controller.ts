import type { HttpContext } from '@adonisjs/core/http'
import { AGE_BANDS, AUTHOR_ROLES, STAFF_ENTRY_ROUTES } from '#models/story'
import { enteredStoryValidator } from '#validators/entered_story'
import { formMessages } from '#validators/messages'
import { siteOfRequest } from '#tenancy/request_site'
import { enterStoryOnBehalf } from '#services/stories/enter_story'
import { findServiceByReference } from '#services/directory/service_lookup'
import { refusalsGoTo } from '#exceptions/domain_error'

/** A moderator or tenant admin types in a story on its author's behalf. */
export default class StoryEntryController {
  async create(ctx: HttpContext) {
    await ctx.bouncer.authorize('enterStories')
    return ctx.view.render('pages/staff/story_entry', {
      routes: STAFF_ENTRY_ROUTES,
      roles: AUTHOR_ROLES,
      ageBands: AGE_BANDS,
    })
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.authorize('enterStories')
    const input = await ctx.request.validateUsing(enteredStoryValidator, {
      messagesProvider: formMessages(ctx.i18n, 'enteredStory'),
    })
    refusalsGoTo(ctx, '/staff/story-entry')
    const service = await findServiceByReference(input.service)
    const story = await enterStoryOnBehalf(
      { ...input, service: service?.slug ?? '' },
      ctx.auth.user!,
      siteOfRequest(ctx)
    )
    ctx.session.flash('success', ctx.i18n.t('moderation.entry.done'))
    return ctx.response.redirect(`/staff/moderation/${story.id}`)
  }
}
