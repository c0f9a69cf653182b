import type { HttpContext } from '@adonisjs/core/http'
import Story from '#models/story'
import { TAG_QUESTIONS } from '#models/story_tag'

/** A published story's public page; hidden and withdrawn ones answer 410. */
export default class StoryPagesController {
  async show({ params, view, response }: HttpContext) {
    const story = await Story.query().where('id', Number(params.id) || 0).first()
    if (story && ['hidden', 'withdrawn'].includes(story.status)) {
      response.status(410)
      return view.render('pages/public/stories/gone', { withdrawn: story.status === 'withdrawn' })
    }
    const visible = await Story.publiclyVisible(Story.query())
      .where('id', story?.id ?? 0)
      .preload('services')
      .preload('tags')
      .firstOrFail()
    return view.render('pages/public/stories/show', {
      story: visible,
      paragraphs: (visible.publicBody ?? '').split(/\n\s*\n/).filter((paragraph) => paragraph.trim()),
      tagGroups: TAG_QUESTIONS.map((question) => ({
        question,
        tags: visible.tags.filter((tag) => tag.question === question),
      })).filter((group) => group.tags.length),
    })
  }
}
