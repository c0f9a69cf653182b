import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import DemoSeedLarge from '#commands/demo_seed_large'
import { LARGE_TENANT } from '#services/platform/large_tenant'
import { hostCache } from '#tenancy/host_cache'
import { refused, succeeds } from '#tests/helpers/commands'

/* The seed commits on the owner connection (it must survive its own command), so it is removed by hand. */
async function removeLarge() {
  await db.connection('owner').rawQuery('delete from tenants where slug = ?', [LARGE_TENANT.slug])
  hostCache.clear()
}

async function figuresOfLarge() {
  const { rows } = await db.connection('owner').rawQuery(
    `select t.id,
            count(*) as stories,
            count(*) filter (where s.status = 'published') as published,
            count(*) filter (where s.status = 'hidden') as hidden,
            count(*) filter (where s.status = 'withdrawn') as withdrawn,
            count(*) filter (where s.status = 'published' and s.search_vector is null) as unsearchable,
            count(*) filter (where s.status = 'published' and s.first_response_at is not null) as responded,
            count(*) filter (where exists (select 1 from story_tag_links l
                                            where l.tenant_id = s.tenant_id and l.story_id = s.id)) as tagged,
            count(*) filter (where s.status = 'published' and not exists (
              select 1 from story_listings l where l.tenant_id = s.tenant_id and l.story_id = s.id
                and l.kind = 'service')) as unlisted,
            count(*) filter (where s.status <> 'published' and exists (
              select 1 from story_listings l where l.tenant_id = s.tenant_id and l.story_id = s.id)) as listed_but_not_public,
            max((select count(*) from story_services ss where ss.tenant_id = s.tenant_id and ss.story_id = s.id)) as most_services,
            max(array_length(regexp_split_to_array(s.public_body, '\\s+'), 1)) as longest_words,
            (select count(*) from author_replies r where r.tenant_id = t.id) as replies,
            (select count(*) from responses r where r.tenant_id = t.id and r.change_kind is not null) as changes
       from tenants t join stories s on s.tenant_id = t.id
      where t.slug = ? group by t.id`,
    [LARGE_TENANT.slug]
  )
  return Object.fromEntries(
    Object.entries(rows[0] ?? {}).map(([key, value]) => [key, Number(value)])
  ) as Record<string, number>
}

test.group('demo:seed-large', (group) => {
  group.each.setup(async () => {
    await removeLarge()
    return removeLarge
  })

  test('builds a large tenant readers can browse and search, with its derived data true; a second run replaces it', async ({
    client,
    assert,
  }) => {
    await succeeds(DemoSeedLarge, ['--stories=700', '--services=40'])
    const built = await figuresOfLarge()
    assert.equal(built.stories, 700)
    assert.isAbove(built.hidden, 0)
    assert.isAbove(built.withdrawn, 0)
    assert.isAbove(built.published, 650)
    assert.equal(built.unsearchable, 0, 'every published story is searchable')
    assert.equal(built.unlisted, 0, 'every published story is listed under its services')
    assert.equal(
      built.listed_but_not_public,
      0,
      'no hidden, withdrawn or unmoderated story is listed'
    )
    /* Three quarters responded, most tagged, one to three services, some long stories. */
    assert.closeTo(built.responded / built.published, 0.75, 0.05)
    assert.isAbove(built.tagged / built.stories, 0.8)
    assert.equal(built.most_services, 3)
    assert.isAbove(built.longest_words, 1000)
    assert.isAbove(built.replies, 0)
    assert.isAbove(built.changes, 0)

    const home = await client.get('/').header('host', LARGE_TENANT.domain)
    home.assertStatus(200)
    const storyLink = home.text().match(/href="\/stories\/(\d+)"/)
    assert.exists(storyLink, 'the home page lists the latest stories')
    const search = await client.get('/stories?q=k42').header('host', LARGE_TENANT.domain)
    search.assertStatus(200)
    assert.match(search.text(), /Reference <mark>k42<\/mark>/)

    await succeeds(DemoSeedLarge, ['--stories=50', '--services=10'])
    const rebuilt = await figuresOfLarge()
    assert.equal(rebuilt.stories, 50)
    assert.notEqual(rebuilt.id, built.id)
    const { rows } = await db
      .connection('owner')
      .rawQuery('select count(*)::int as n from tenants where slug = ?', [LARGE_TENANT.slug])
    assert.equal(rows[0].n, 1)
  }).timeout(120_000)

  test('a size out of range is refused with one line, and nothing is built', async ({ assert }) => {
    await refused(assert, DemoSeedLarge, ['--stories=0'], '--stories must be a whole number')
    await refused(
      assert,
      DemoSeedLarge,
      ['--stories=10', '--services=1'],
      '--services must be a whole number'
    )
    assert.deepEqual(await figuresOfLarge(), {})
  })
})
