import { test } from '@japa/runner'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { authorLinkFor, makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeNationalAdmin, makeStaff, makeTenant } from '#tests/helpers/tenants'
import Area from '#models/area'

const FIFE = 'fife.localhost'
const ADMIN = 'admin.localhost'

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

  test('a directory refusal is worded in the reader’s language, beside its field', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    await tenancy.acrossTenants('enable Welsh', async () => {
      fife.enabledLocales = ['en-GB', 'cy']
      await fife.save()
    })
    const admin = await makeStaff(fife, 'tenant_admin', 'admin@fife.test')
    const kirkcaldy = await tenancy.run(fife, () => Area.findByOrFail('slug', 'kirkcaldy'))
    const refused = (language: string) =>
      client
        .post('/staff/directory/areas')
        .header('host', FIFE)
        .header('accept-language', language)
        .loginAs(admin)
        .form({ name: kirkcaldy.name })
        .withCsrfToken()
        .redirects(0)

    const welsh = await refused('cy')
    welsh.assertStatus(302)
    assert.deepEqual(welsh.flashMessage('inputErrorsBag').name, [
      `Mae ardal o’r enw ${kirkcaldy.name} yn bodoli eisoes`,
    ])
    const english = await refused('en-GB')
    assert.deepEqual(english.flashMessage('inputErrorsBag').name, [
      `There is already an area called ${kirkcaldy.name}`,
    ])
  })

  test('the national console’s refusals are problem details for JSON, with the message key', async ({
    client,
    assert,
  }) => {
    await makeTenant('fife')
    const admin = await makeNationalAdmin()
    const suspend = (json: boolean) => {
      const request = client.post('/tenants/fife/suspend').header('host', ADMIN).loginAs(admin)
      return (json ? request.accept('json') : request).withCsrfToken().redirects(0)
    }
    ;(await suspend(false)).assertStatus(302)
    const again = await suspend(true)
    again.assertStatus(422)
    assert.include(String(again.header('content-type')), 'application/problem+json')
    assert.deepEqual(JSON.parse(again.text()), {
      type: 'about:blank',
      status: 422,
      title: 'fife is already suspended',
      code: 'problems.tenant.alreadySuspended',
      errors: [{ field: 'status', detail: 'fife is already suspended' }],
    })
  })
})
