/**
 * What the author's private page shows, assembled in one place: the story
 * with its services, what the moderators changed (as a word diff, once
 * published), the public responses, the author's own replies and the
 * conversation with the moderators. Reads only.
 */
import AuthorReply from '#models/author_reply'
import type Story from '#models/story'
import { publicResponses } from '#services/responses/respond'
import { authorConversation } from '#services/stories/story_authors'
import { changesForAuthor } from '#services/stories/author_changes'
import { diffHtml } from '#lib/text_diff'
import { paragraphs } from '#lib/paragraphs'

export async function authorPage(story: Story, labels: { removed: string; added: string }) {
  await story.load('services')
  const changes = await changesForAuthor(story)
  return {
    story,
    changes,
    changesHtml: changes ? diffHtml(changes.body, labels) : '',
    responses: story.isPubliclyVisible ? await publicResponses(story.id) : [],
    myReplies: await AuthorReply.query().where('story_id', story.id).orderBy('id'),
    conversation: await authorConversation(story),
    paragraphs: paragraphs(story.publicBody),
  }
}
