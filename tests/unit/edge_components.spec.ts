import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { listComponentsOnce } from '#lib/edge_components'

test.group('Edge components in production', () => {
  test('the components folder is listed once, not for every renderer', ({ assert }) => {
    const views = mkdtempSync(join(tmpdir(), 'carevoice-views-'))
    mkdirSync(join(views, 'components'))
    writeFileSync(join(views, 'components', 'card.edge'), '<p>{{ title }}</p>')
    /* As the framework does: made without caching, then configured with it. */
    const edge = new Edge()
    edge.mount(views)
    edge.configure({ cache: true })
    let listings = 0
    const list = edge.loader.listComponents.bind(edge.loader)
    edge.loader.listComponents = () => {
      listings++
      return list()
    }
    edge.createRenderer()
    edge.createRenderer()
    assert.equal(listings, 2, 'Edge lists the folder for each renderer by itself')

    listComponentsOnce(edge.loader)
    listings = 0
    for (let i = 0; i < 5; i++) edge.createRenderer()
    assert.equal(listings, 1)
    assert.deepInclude(
      (edge.loader.listComponents() as { components: { tagName: string }[] }[])[0].components.map(
        (component) => component.tagName
      ),
      'card'
    )
  })
})
