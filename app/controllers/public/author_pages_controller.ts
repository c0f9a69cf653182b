import type { HttpContext } from '@adonisjs/core/http'
import { STORY_STATUS } from '#models/story'
import { actingOf } from '#tenancy/request_site'
import AuthorReply from '#models/author_reply'
import { publicResponses, replyToResponse } from '#services/responses/respond'
import { refusalsGoTo } from '#exceptions/domain_error'
import { replyValidator } from '#validators/response'
import limiter from '@adonisjs/limiter/services/main'
import { limiterKey, normalEmail } from '#services/platform/keyed_hash'
import {
  answerQuestion,
  authorConversation,
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
import { changesForAuthor } from '#services/stories/author_changes'
import { disagreeWithEdits } from '#services/moderation/author_disagreement'
import { diffHtml } from '#lib/text_diff'
import { idParam } from '#lib/params'
import { paragraphs } from '#lib/paragraphs'

/**
 * The author's own page, reached by the private link in every email about
 * their story: no account, no cookie needed. An unknown or expired link
 * answers 404 with a way to ask for a new one.
 */
export default class AuthorPagesController {
  async show(ctx: HttpContext) {
    const story = await this.story(ctx)
    if (!story) return this.unusable(ctx)
    await story.load('services')
    /* The link is the key: keep it out of Referer headers and caches. */
    ctx.response.header('Referrer-Policy', 'no-referrer')
    ctx.response.header('Cache-Control', 'no-store')
    const changes = await changesForAuthor(story)
    return ctx.view.render('pages/public/author/show', {
      story,
      changes,
      changesHtml: changes
        ? diffHtml(changes.body, {
            removed: ctx.i18n.t('moderation.removed'),
            added: ctx.i18n.t('moderation.added'),
          })
        : '',
      responses: story.status === STORY_STATUS.published ? await publicResponses(story.id) : [],
      myReplies: await AuthorReply.query().where('story_id', story.id).orderBy('id'),
      token: ctx.params.token,
      conversation: await authorConversation(story),
      paragraphs: paragraphs(story.publicBody),
    })
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
    const allowed = await limiter
      .use({ requests: 5, duration: '1 hour' })
      .attempt(limiterKey('author_links', ctx.request.ip()), () =>
        limiter
          .use({ requests: 3, duration: '1 hour' })
          .attempt(limiterKey('author_links_email', normalEmail(email)), () => true)
      )
    if (!allowed) {
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
