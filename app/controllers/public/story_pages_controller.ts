import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import Story, { STORY_STATUS } from '#models/story'
import { REPORT_REASONS } from '#models/story_report'
import { TAG_QUESTIONS } from '#models/story_tag'
import { reportStory } from '#services/moderation/moderate_story'
import { publicResponses } from '#services/responses/respond'
import { reportValidator } from '#validators/moderation'
import { paragraphs } from '#lib/paragraphs'
import { idParam } from '#lib/params'
import { movedId } from '#services/tenants/transfer/moved_ids'
import { limiterKey } from '#services/platform/keyed_hash'
import { excerpt } from '#services/reading/story_cards'

/** A published story's public page; hidden and withdrawn ones answer 410. */
export default class StoryPagesController {
  async show({ params, view, response }: HttpContext) {
    const story = await Story.query().where('id', idParam(params)).first()
    if (!story) {
      /* A link from before this tenant moved here. */
      const newId = await movedId('stories', idParam(params))
      if (newId) return response.redirect().status(301).toPath(`/stories/${newId}`)
    }
    if (
      story &&
      ([STORY_STATUS.hidden, STORY_STATUS.withdrawn] as string[]).includes(story.status)
    ) {
      response.status(410)
      return view.render('pages/public/stories/gone', {
        withdrawn: story.status === STORY_STATUS.withdrawn,
      })
    }
    const visible = await Story.publiclyVisible(Story.query())
      .where('id', story?.id ?? 0)
      .preload('services')
      .preload('tags')
      .firstOrFail()
    return view.render('pages/public/stories/show', {
      story: visible,
      reasons: REPORT_REASONS,
      responses: await publicResponses(visible.id),
      description: excerpt(visible.publicBody ?? '', 155),
      paragraphs: paragraphs(visible.publicBody),
      tagGroups: TAG_QUESTIONS.map((question) => ({
        question,
        tags: visible.tags.filter((tag) => tag.question === question),
      })).filter((group) => group.tags.length),
    })
  }

  /** A reader reports a published story to the moderators (5 reports an hour per address). */
  async report(ctx: HttpContext) {
    const id = idParam(ctx.params)
    const input = await ctx.request.validateUsing(reportValidator)
    const allowed = await limiter
      .use({ requests: 5, duration: '1 hour' })
      .attempt(limiterKey('story_report', ctx.request.ip()), () => true)
    if (!allowed) {
      ctx.response.status(429)
      return ctx.view.render('pages/public/tell/too_many')
    }
    const story = await reportStory(id, input)
    if (!story) {
      ctx.response.status(404)
      return ctx.view.render('pages/errors/not_found')
    }
    ctx.session.flash('success', ctx.i18n.t('stories.report.thanks'))
    return ctx.response.redirect(`/stories/${story.id}`)
  }
}
