import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { demoDirectory } from '#tests/helpers/directory'
import { longStory } from '#tests/helpers/stories'
import { isolateEachTest } from '#tests/helpers/tenants'
import { Visitor } from '#tests/helpers/visitor'

const FIFE = 'fife.localhost'
const FORM = '/tell/story?service=victoria-hospital-ward-6'
const lastMonth = DateTime.now().minus({ months: 1 })

function storyForm(overrides: Record<string, string> = {}) {
  return {
    service: 'victoria-hospital-ward-6',
    title: 'A long night on Ward 6',
    body: longStory(1500),
    month: String(lastMonth.month),
    year: String(lastMonth.year),
    authorRole: 'relative',
    ageBand: '45_54',
    displayName: 'Grateful daughter',
    email: 'author@example.test',
    consent: 'on',
    ...overrides,
  }
}

/** The text of the story box as the browser would show it. */
function storyBox(html: string) {
  const match = /<textarea id="field-body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)
  return match ? match[1] : null
}

/** Real cookies over HTTP: what the browser is sent is what it would keep or drop. */
test.group('A refused story comes back whole', (group) => {
  isolateEachTest(group)

  test('a 1,500-word story with one mistake comes back whole, the error beside its field', async ({
    assert,
  }) => {
    await demoDirectory()
    const author = new Visitor(FIFE)
    await author.get(FORM)
    const refused = await author.post('/tell/preview', storyForm({ consent: '' }))
    assert.equal(refused.status, 302)
    assert.equal(refused.location, `http://${FIFE}${FORM}`)
    const cookieBytes = refused.setCookies.reduce((sum, cookie) => sum + cookie.length, 0)
    assert.isBelow(cookieBytes, 1024, 'what was typed stays on the server, not in a cookie')

    const form = await author.get(FORM)
    assert.equal(storyBox(form.text), storyForm().body)
    assert.include(form.text, 'Tick the box to agree that we may publish your story')
    assert.include(form.text, 'value="A long night on Ward 6"')
    assert.include(form.text, 'value="Grateful daughter"')
  })

  test('a 100,000-character story is refused saying it was too long, and the rest comes back', async ({
    assert,
  }) => {
    await demoDirectory()
    const author = new Visitor(FIFE)
    await author.get(FORM)
    const refused = await author.post(
      '/tell/preview',
      storyForm({ body: 'word '.repeat(19_999) + 'words' })
    )
    assert.equal(refused.status, 302)
    const cookieBytes = refused.setCookies.reduce((sum, cookie) => sum + cookie.length, 0)
    assert.isBelow(cookieBytes, 1024)

    const form = await author.get(FORM)
    assert.equal(form.status, 200)
    assert.equal(storyBox(form.text), '')
    assert.include(
      form.text,
      'What you typed here was too long to bring back (100,000 characters): paste a shorter version.'
    )
    assert.match(form.text, /id="field-body-error"/)
    assert.include(form.text, 'value="A long night on Ward 6"')
    assert.include(form.text, 'value="Grateful daughter"')
    assert.include(form.text, 'value="author@example.test"')

    /* The next request works as usual: nothing was reset. */
    const again = await author.post('/tell/preview', storyForm())
    assert.equal(again.status, 200)
    assert.include(again.text, 'A long night on Ward 6')
  })
})
