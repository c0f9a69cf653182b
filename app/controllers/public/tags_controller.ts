import type { HttpContext } from '@adonisjs/core/http'
import StoryTag from '#models/story_tag'
import { listedStories, parseStoryCursor } from '#services/directory_queries'

/** A tag's page: the published stories carrying it, newest first, by cursor. */
export default class TagsController {
  async show({ params, request, view }: HttpContext) {
    const id = String(params.id)
    /* Not a number: id 0, which never exists, so the usual not-found page. */
    const tag = await StoryTag.findOrFail(/^\d{1,15}$/.test(id) ? Number(id) : 0)
    const stories = await listedStories('tag', tag.id, parseStoryCursor(request.input('stories')))
    return view.render('pages/public/tags/show', { tag, ...stories })
  }
}
