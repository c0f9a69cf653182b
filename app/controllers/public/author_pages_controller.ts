import type { HttpContext } from '@adonisjs/core/http'
import { actingOf } from '#tenancy/request_site'
import { replyToResponse } from '#services/responses/respond'
import { refusalsGoTo } from '#exceptions/domain_error'
import { replyValidator } from '#validators/response'
import { withinSenderLimits } from '#services/platform/sender_limits'
import {
  answerQuestion,
  sendAuthorLinks,
  storyForAuthorToken,
  withdrawStory,
} from '#services/stories/story_authors'
import { eraseStory } from '#services/privacy/erasure'
import { storyRecord } from '#services/privacy/subject_access'
import { eraseOwnStoryValidator } from '#validators/privacy'
import {
  authorAnswerValidator,
  authorLinksValidator,
  disagreementValidator,
  withdrawValidator,
} from '#validators/moderation'
import { authorPage } from '#services/stories/author_page'
import { disagreeWithEdits } from '#services/moderation/author_disagreement'
import { idParam } from '#lib/params'

/**
 * The author's own page, reached by the private link in every email about
 * their story: no account, no cookie needed. An unknown or expired link
 * answers 404 with a way to ask for a new one.
 */
export default class AuthorPagesController {
  async show(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    /* The link is the key: keep it out of Referer headers and caches. */
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cache-Control', 'no-store')
    const page = await authorPage(story, {
      removed: ctx.i18n.t('moderation.removed'),
      added: ctx.i18n.t('moderation.added'),
    })
    return ctx.view.render('pages/public/author/show', { ...page, token: ctx.params.token })
  }

  async answer(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    const { answer } = await ctx.request.validateUsing(authorAnswerValidator)
    this.refusalsBack(ctx)
    await answerQuestion(story.id, answer)
    return this.done(ctx, 'stories.author.answered')
  }

  async withdraw(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    await ctx.request.validateUsing(withdrawValidator)
    this.refusalsBack(ctx)
    await withdrawStory(story.id)
    return this.done(ctx, 'stories.author.withdrawnDone')
  }

  /** The author disagrees with the edits: the story is flagged for a moderator. */
  async disagree(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    const { disagreement } = await ctx.request.validateUsing(disagreementValidator)
    this.refusalsBack(ctx)
    await disagreeWithEdits(story.id, disagreement)
    return this.done(ctx, 'stories.author.disagreedDone')
  }

  /** "Withdraw and erase now": a page that says what will go, then a ticked box. */
  async confirmErase(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.view.render('pages/public/author/erase', { story, token: ctx.params.token })
  }

  async erase(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    await ctx.request.validateUsing(eraseOwnStoryValidator)
    await eraseStory(story.id, {
      by: 'author',
      reason: 'the author asked for their story to be erased',
      withdraw: true,
    })
    /* The link died with the story's data: this page is the last one it shows. */
    return ctx.view.render('pages/public/author/erased')
  }

  /** Subject access: everything held about the author, as a JSON file. */
  async download(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cache-Control', 'no-store')
    ctx.response.header('Content-Disposition', `attachment; filename="my-story-${story.id}.json"`)
    return ctx.response.json(await storyRecord(story))
  }

  /** The author replies to a service's response; a moderator reads it first. */
  async reply(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    const { reply } = await ctx.request.validateUsing(replyValidator)
    this.refusalsBack(ctx)
    await replyToResponse(story.id, idParam(ctx.params), reply)
    return this.done(ctx, 'responses.replyReceived')
  }

  /** Asking for new links: the same answer whether or not the address told a story. */
  async requestForm({ view }: HttpContext) {
    return view.render('pages/public/author/request')
  }

  async requestLinks(ctx: HttpContext) {
    const { email } = await ctx.request.validateUsing(authorLinksValidator)
    if (!(await withinSenderLimits('author_links', { ip: ctx.request.ip(), perHour: 5 }, email))) {
      ctx.response.status(429)
      return ctx.view.render('pages/public/tell/too_many')
    }
    await sendAuthorLinks(actingOf(ctx), email)
    return ctx.view.render('pages/public/author/request_sent', { email })
  }

  private story(ctx: HttpContext) {
    return storyForAuthorToken(String(ctx.params.token ?? ''))
  }

  private unusable({ response, view }: HttpContext) {
    response.status(404)
    return view.render('pages/public/author/unusable')
  }

  /** Refusals come back to the author's page (the exception handler says why). */
  private refusalsBack(ctx: HttpContext) {
    refusalsGoTo(ctx, `/my-story/${ctx.params.token}`)
  }

  private done(ctx: HttpContext, message: string) {
    ctx.session.flash('success', ctx.i18n.t(message))
    return ctx.response.redirect(`/my-story/${ctx.params.token}`)
  }
}
