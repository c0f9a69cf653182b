import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import i18nManager from '@adonisjs/i18n/services/main'
import KeptFormInput from '#models/kept_form_input'
import { keepForm, takeKeptForm } from '#services/accounts/kept_forms'
import { tenancy } from '#tenancy/context'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'

test.group('Work kept through an ended staff session', (group) => {
  isolateEachTest(group)

  test('a staff form posted while signed out is kept for its page, and the person sent to sign in', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const story = await makeStory(fife, 'victoria-hospital-ward-6')
    const response = await client
      .put(`/staff/moderation/${story.id}`)
      .header('host', FIFE)
      .header('referer', `http://${FIFE}/staff/moderation/${story.id}`)
      .form({ version: 1, publicTitle: 'Kept title', publicBody: 'Kept text', password: 'secret' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/staff/sign-in')
    assert.exists(response.cookie('carevoice-kept-form')?.value)
    const kept = await tenancy.run(fife, async () => KeptFormInput.query().firstOrFail())
    assert.equal(kept.returnPath, `/staff/moderation/${story.id}`)
    assert.equal(kept.fields.publicBody, 'Kept text')
    assert.notProperty(kept.fields, 'password')
    assert.notProperty(kept.fields, '_csrf')
  })

  test('a kept form is given back once, to its own account and tenant, before it expires', async ({
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const author = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const someoneElse = await makeStaff(fife, 'moderator', 'other@fife.test')
    const keep = (userId: number | null) =>
      tenancy.run(fife, () =>
        keepForm({ returnPath: '/staff/moderation/1', fields: { publicBody: 'Typed' }, userId })
      )

    const token = await keep(author.id)
    assert.isNull(await tenancy.run(england, () => takeKeptForm(token, author.id)))
    const back = await tenancy.run(fife, () => takeKeptForm(token, author.id))
    assert.deepEqual(back, { returnPath: '/staff/moderation/1', fields: { publicBody: 'Typed' } })
    assert.isNull(await tenancy.run(fife, () => takeKeptForm(token, author.id)))

    const notTheirs = await keep(author.id)
    assert.isNull(await tenancy.run(fife, () => takeKeptForm(notTheirs, someoneElse.id)))

    const late = await keep(null)
    await tenancy.run(fife, async () => {
      await KeptFormInput.query().update({ expiresAt: DateTime.now().minus({ minutes: 1 }) })
    })
    assert.isNull(await tenancy.run(fife, () => takeKeptForm(late, author.id)))
  })

  test('the service picker counts suggestions in the words of each language', async ({
    assert,
  }) => {
    const english = i18nManager.locale('en-GB')
    const welsh = i18nManager.locale('cy')
    assert.equal(english.t('directory.suggestionsCount', { count: 1 }), '1 suggestion')
    assert.equal(english.t('directory.suggestionsCount', { count: 3 }), '3 suggestions')
    assert.equal(english.t('directory.suggestionsCount', { count: 0 }), 'No suggestions')
    assert.equal(welsh.t('directory.suggestionsCount', { count: 2 }), '2 awgrym')
  })
})
