import { test } from '@japa/runner'
import { sanitiseSvg, SvgRefused } from '#lib/svg_sanitiser'
import { contrastShortfall } from '#services/tenants/tenant_theme'

test.group('SVG sanitiser', () => {
  test('keeps the drawing and drops what could run or load something', ({ assert }) => {
    const out = sanitiseSvg(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><title>Fife &amp; friends</title>` +
        `<use href="&#106;avascript:alert(1)"/><use href="#c"/>` +
        `<rect fill="url&#40;https://evil.example/x)" width="1"/>` +
        `<rect style="fill: url( 'https://evil.example' )" width="2"/>` +
        `<circle id="c" r="1" ONCLICK="x()" fill="#1d4f91"/>` +
        `<svg:script>alert(1)</svg:script><animate attributeName="href" to="javascript:x"/></svg>`
    )
    assert.equal(
      out,
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><title>Fife &amp; friends</title>' +
        '<use/><use href="#c"/><rect width="1"/><rect width="2"/><circle id="c" r="1" fill="#1d4f91"/></svg>'
    )
  })

  test('refuses document types, unbalanced tags and other roots', ({ assert }) => {
    for (const source of [
      '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
      '<svg><g></svg>',
      '<html><svg></svg></html>',
      '<svg></svg><svg></svg>',
      '<svg>&unknown;</svg>',
      '<svg><!-- never closed',
    ]) {
      let refused = false
      try {
        sanitiseSvg(source)
      } catch (error) {
        refused = error instanceof SvgRefused
      }
      assert.isTrue(refused, source)
    }
  })
})

test.group('Theme contrast rule', () => {
  test('gives the ratio rounded down when a colour is not readable', ({ assert }) => {
    assert.isNull(contrastShortfall('brand', '#1d4f91'))
    assert.deepEqual(contrastShortfall('brand', '#ffff00'), { ratio: '1.07', needed: 4.5 })
    assert.isNull(contrastShortfall('accent', '#ffdd00'))
    assert.isNotNull(contrastShortfall('accent', '#333333'))
    /* #767676 on white is 4.54:1, just enough; #777777 is 4.47:1, not. */
    assert.isNull(contrastShortfall('link', '#767676'))
    assert.deepEqual(contrastShortfall('link', '#777777'), { ratio: '4.47', needed: 4.5 })
  })
})
