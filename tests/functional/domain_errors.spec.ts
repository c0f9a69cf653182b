import { test } from '@japa/runner'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

/*
 * One error path: a domain rule's refusal is rendered by the exception
 * handler, in the reader's language, whoever asked (a form or an API client).
 */
test.group('Refusals by domain rules', (group) => {
  isolateEachTest(group)

  test('a form goes back to its page with the reason and what was typed; JSON gets problem details', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    const link = await authorLinkFor(fife, story)

    const form = await client
      .post(`${link}/answer`)
      .header('host', FIFE)
      .form({ answer: 'It was in March' })
      .withCsrfToken()
      .redirects(0)
    form.assertStatus(302)
    assert.equal(form.header('location'), link)
    assert.equal(
      form.flashMessage('error'),
      'Our moderators have no open question about this story.'
    )
    assert.equal(form.flashMessage('answer'), 'It was in March')

    const api = await client
      .post(`${link}/answer`)
      .header('host', FIFE)
      .accept('json')
      .form({ answer: 'It was in March' })
      .withCsrfToken()
    api.assertStatus(422)
    assert.include(String(api.header('content-type')), 'application/problem+json')
    assert.deepEqual(JSON.parse(api.text()), {
      type: 'about:blank',
      status: 422,
      title: 'Our moderators have no open question about this story.',
      code: 'stories.author.errors.noQuestion',
    })
    await tenancy.run(fife, () => story.refresh())
    assert.equal(story.status, 'awaiting_moderation')
  })
})
