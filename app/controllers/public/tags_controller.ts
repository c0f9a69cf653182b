import type { HttpContext } from '@adonisjs/core/http'
import StoryTag from '#models/story_tag'
import { listedStories, parseStoryCursor } from '#services/directory/directory_queries'
import { movedId } from '#services/tenants/transfer/moved_ids'

/** A tag's page: the published stories carrying it, newest first, by cursor. */
export default class TagsController {
  async show({ params, request, response, view }: HttpContext) {
    const id = String(params.id)
    /* Not a number: id 0, which never exists, so the usual not-found page. */
    const number = /^\d{1,15}$/.test(id) ? Number(id) : 0
    const found = await StoryTag.find(number)
    if (!found) {
      /* A link from before this tenant moved here. */
      const newId = await movedId('story_tags', number)
      if (newId) return response.redirect().status(301).toPath(`/tags/${newId}`)
    }
    const tag = found ?? (await StoryTag.findOrFail(number))
    const stories = await listedStories('tag', tag.id, parseStoryCursor(request.input('stories')))
    return view.render('pages/public/tags/show', { tag, ...stories })
  }
}
