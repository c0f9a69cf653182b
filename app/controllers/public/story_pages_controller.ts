import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { REPORT_REASONS } from '#models/story_report'
import { reportStory } from '#services/moderation/story_reports'
import { reportValidator } from '#validators/moderation'
import { idParam } from '#lib/params'
import { limiterKey } from '#services/platform/keyed_hash'
import { publicStoryPage } from '#services/reading/story_page'

/** A published story's public page; hidden and withdrawn ones answer 410. */
export default class StoryPagesController {
  async show({ params, view, response }: HttpContext) {
    const found = await publicStoryPage(idParam(params))
    if ('movedTo' in found)
      return response.redirect().status(301).toPath(`/stories/${found.movedTo}`)
    if ('gone' in found) {
      response.status(410)
      return view.render('pages/public/stories/gone', found.gone)
    }
    return view.render('pages/public/stories/show', { ...found.page, reasons: REPORT_REASONS })
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
