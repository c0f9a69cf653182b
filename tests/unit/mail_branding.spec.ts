import { test } from '@japa/runner'
import { mailBrandColour, mailHtml } from '#mails/branding'

test.group('Branded email', () => {
  test('the HTML part carries the tenant’s name, brand colour and language', ({ assert }) => {
    const html = mailHtml(
      { name: 'Carevoice Fife', theme: { colours: { brand: '#00594F' } }, locale: 'cy' },
      'Hello.\n\nA new story.'
    )
    assert.include(html, '<html lang="cy">')
    assert.include(html, 'background:#00594f')
    assert.include(html, '<title>Carevoice Fife</title>')
    assert.include(html, '<p style="margin:0 0 16px">Hello.</p>')
    assert.include(html, '<p style="margin:0 0 16px">A new story.</p>')
    assert.include(html, '— Carevoice Fife')
  })

  test('a brand colour too pale for white text, or not a colour at all, falls back to ours', ({
    assert,
  }) => {
    assert.equal(
      mailBrandColour({ name: 'x', theme: { colours: { brand: '#ffee00' } } }),
      '#1d4f91'
    )
    assert.equal(
      mailBrandColour({ name: 'x', theme: { colours: { brand: 'red;background:url(x)' } } }),
      '#1d4f91'
    )
    assert.equal(mailBrandColour({ name: 'x', theme: null }), '#1d4f91')
    assert.equal(
      mailBrandColour({ name: 'x', theme: { colours: { brand: '#123456' } } }),
      '#123456'
    )
  })

  test('everything in the text is escaped; only web addresses become links', ({ assert }) => {
    const html = mailHtml(
      { name: 'A <b>site</b> & co' },
      'She wrote <script>alert(1)</script> & "more".\nSee https://fife.example/stories/12?a=1&b=2.\n\njavascript:alert(1)'
    )
    assert.notInclude(html, '<script>')
    assert.notInclude(html, '<b>site')
    assert.include(
      html,
      'She wrote &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;.<br>'
    )
    assert.include(
      html,
      '<a href="https://fife.example/stories/12?a=1&amp;b=2" style="color:#1d4f91">https://fife.example/stories/12?a=1&amp;b=2</a>.'
    )
    assert.notInclude(html, 'href="javascript')
    assert.include(html, '<title>A &lt;b&gt;site&lt;/b&gt; &amp; co</title>')
  })
})
