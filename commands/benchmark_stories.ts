import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { wholeNumberInRange } from '#lib/command_input'
import { timeEach } from '#lib/benchmark_timing'
import { publiclyVisibleSql, STORY_STATUS } from '#models/story'

/**
 * benchmark:stories [--stories N]: builds a tenant with 10,000 services
 * and N published stories (1,000,000 by default) with responses on a
 * third of them, inside a transaction that is rolled back at the end, then
 * times the public and staff queries on stories and prints the plan of
 * each (the indexes read; "SCANS" marks a sequential scan). Nothing is
 * left behind.
 */
export default class BenchmarkStories extends BaseCommand {
  static commandName = 'benchmark:stories'
  static description = 'Time the story queries on a large tenant (rolled back afterwards)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many published stories to build', default: 1_000_000 })
  declare stories: number

  @flags.string({
    description:
      'Time an existing tenant built by demo:seed-large (its slug) instead of building one',
  })
  declare tenant?: string

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: Tenant } = await import('#models/tenant')
    const { default: Area } = await import('#models/area')
    const { SERVICE_STATUS } = await import('#models/service')
    const { tenancy } = await import('#tenancy/context')
    const { recomputeServicePaths } = await import('#services/directory/directory_tree')

    const size = wholeNumberInRange('stories', this.stories, 1000, 5_000_000)
    if (!size.ok) {
      this.logger.error(size.message)
      this.exitCode = 1
      return
    }
    const total = size.value
    if (this.tenant) {
      const existing = await tenancy.acrossTenants('benchmark an existing tenant', () =>
        Tenant.findBy('slug', this.tenant)
      )
      if (!existing) {
        this.logger.error(`No tenant has the slug "${this.tenant}" (run demo:seed-large first)`)
        this.exitCode = 1
        return
      }
      await tenancy.run(existing, () => this.time(existing.id))
      return
    }
    await db.beginGlobalTransaction()
    try {
      const tenant = await tenancy.acrossTenants('benchmark tenant', async () =>
        Tenant.create({
          slug: `bench-${Date.now()}`,
          name: 'Benchmark',
          status: 'active',
          defaultLocale: 'en-GB',
          enabledLocales: ['en-GB'],
          timeZone: 'Europe/London',
          theme: {},
        })
      )
      await tenancy.run(tenant, async () => {
        const started = performance.now()
        const areas = []
        for (let index = 0; index < 20; index++)
          areas.push(await Area.create({ name: `Area ${index}`, slug: `area-${index}` }))
        const areaList = areas.map((area) => area.id).join(',')
        /* 10 boards, 100 hospitals each 1 board, 9,890 wards. */
        const insertServices = (prefix: string, count: number, parent: string, per: number) =>
          db.rawQuery(
            `insert into services (tenant_id, ref, slug, name, kind, area_id, parent_id, path, status, created_at, updated_at)
             select :tenant, :prefix || g, :prefix || g, 'Service ' || :prefix || g, 'hospital',
                    (array[${areaList}])[1 + g % 20], p.id, '', :open, now(), now()
               from generate_series(1, :count) g
               left join services p on p.tenant_id = :tenant and p.ref = :parent || ((g - 1) / :per + 1)`,
            { tenant: tenant.id, prefix, count, parent, per, open: SERVICE_STATUS.open }
          )
        await insertServices('b-', 10, '', 1)
        await insertServices('h-', 100, 'b-', 10)
        await db.rawQuery('analyze services')
        await insertServices('w-', 9890, 'h-', 99)
        await recomputeServicePaths()
        const step = (label: string) =>
          this.logger.info(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
        step('services built')
        this.logger.info(`building ${total} stories…`)
        await db.rawQuery(
          `insert into stories (tenant_id, status, title, original_body, public_title, public_body, happened_on,
                                author_role, age_band, display_name, author_email, locale, confirmed_at,
                                published_at, criticality, version, progress, staff_views, created_at, updated_at)
           select :tenant, case when g % 50 = 0 then '${STORY_STATUS.awaitingModeration}' else '${STORY_STATUS.published}' end,
                  'Story ' || g, 'Original text of story ' || g, 'Story ' || g,
                  'Public text of story ' || g || '. ' || (array[
                    'The nurse was kind and explained everything before each test.',
                    'We waited four hours in the emergency department without news.',
                    'Parking was difficult but the reception staff were helpful.',
                    'The food was cold and the ward was noisy at night.',
                    'My mother was discharged without her medicines on a Friday.'])[1 + g % 5]
                  || ' Reference k' || (g % 9973) || '.',
                  current_date - 30, 'patient', 'not_said', 'Reader ' || g, 'a' || g || '@example.test', 'en-GB',
                  now() - (g || ' minutes')::interval,
                  case when g % 50 = 0 then null else now() - (g || ' minutes')::interval end,
                  g % 6, 1, 'not_read', 0, now(), now()
             from generate_series(1, :total) g`,
          { tenant: tenant.id, total }
        )
        step('stories built')
        await db.rawQuery(
          `insert into story_services (tenant_id, story_id, service_id)
           select s.tenant_id, s.id, w.id
             from stories s
             join services w on w.tenant_id = s.tenant_id and w.ref = 'w-' || (1 + s.id % 9890)
            where s.tenant_id = :tenant`,
          { tenant: tenant.id }
        )
        step('story services linked')
        /* A response on every third published story, from the story's ward, a day after publication. */
        await db.rawQuery(
          `insert into responses (tenant_id, story_id, service_id, author_name, body, editable_until,
                                  change_kind, change_description, change_status, created_at, updated_at)
           select s.tenant_id, s.id, ss.service_id, 'Ward manager', 'Thank you for story ' || s.id,
                  s.published_at,
                  case when s.id % 30 = 0 then 'made' end,
                  case when s.id % 30 = 0 then 'New signage' end,
                  case when s.id % 30 = 0 then 'confirmed' end,
                  s.published_at + (s.id % 97 || ' hours')::interval,
                  s.published_at + (s.id % 97 || ' hours')::interval
             from stories s
             join story_services ss on ss.tenant_id = s.tenant_id and ss.story_id = s.id
            where s.tenant_id = :tenant and ${publiclyVisibleSql('s')} and s.id % 3 = 0`,
          { tenant: tenant.id }
        )
        await db.rawQuery(
          `update stories s set first_response_at = r.created_at,
                  progress = case when r.change_kind = 'made' then 'change_made' else 'responded' end
             from responses r
            where r.tenant_id = s.tenant_id and r.story_id = s.id and s.tenant_id = :tenant`,
          { tenant: tenant.id }
        )
        step('responses written')
        /* Fresh statistics first, or the planner joins a million rows by nested loops. */
        await db.rawQuery('analyze stories')
        await db.rawQuery('analyze story_services')
        await db.rawQuery('analyze responses')
        const { rebuildAllListings } = await import('#services/stories/story_listings')
        step('analysed')
        await rebuildAllListings()
        step('listed')
        await db.rawQuery('analyze story_listings')
        this.logger.info(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`)
        await this.time(tenant.id)
      })
    } finally {
      await db.rollbackGlobalTransaction()
    }
  }

  /** Times the queries on the current tenant (refs as demo:seed-large and the build above make them). */
  private async time(tenantId: number) {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: Service } = await import('#models/service')
    const queries = await import('#services/directory/directory_queries')
    const { inboxPage } = await import('#services/responses/staff_inbox')
    const { serviceFigures } = await import('#services/stories/story_progress')
    const { moderationQueue } = await import('#services/moderation/moderation_queue')
    const { StaffRights } = await import('#services/accounts/staff_rights')
    const { feedEntries } = await import('#services/notifications/feeds')
    const { publicResponses } = await import('#services/responses/respond')
    const t = (key: string) => key
    const tenant = { id: tenantId }
    const board = await Service.findByOrFail('ref', 'b-1')
    const hospital = await Service.findByOrFail('ref', 'h-7')
    const ward = await Service.findByOrFail('ref', 'w-5000')
    const someStory = await db.from('stories').where('tenant_id', tenant.id).max('id as id').first()
    const responderRights = new StaffRights(false, new Set(['responder']), [hospital.id])
    const moderatorRights = new StaffRights(false, new Set(['moderator']), [])
    const timings: [string, () => Promise<unknown>][] = [
      ['ward page stories (newest 50)', () => queries.servicePage(ward.slug)],
      ['hospital page stories', () => queries.servicePage(hospital.slug)],
      ['board page stories', () => queries.storiesBelow(board, null)],
      ['area page stories', () => queries.areaPage('area-3', null)],
      ['service figures of a board', () => serviceFigures(board)],
      ['board page, all of it', () => queries.servicePage(board.slug)],
      [
        'story page',
        () => db.from('stories').where('tenant_id', tenant.id).where('id', someStory.id).first(),
      ],
      [
        'inbox: hospital, no response, oldest',
        () => inboxPage(responderRights, { progress: 'no_response', order: 'oldest' }),
      ],
      ['inbox: moderator, newest', () => inboxPage(moderatorRights, {})],
      ['moderation queue', () => moderationQueue({})],
      ['story page responses', () => publicResponses(Number(someStory.id) - 2)],
      ['feed: whole site', () => feedEntries({ kind: 'tenant' }, '', t)],
      ['feed: board (subtree)', () => feedEntries({ kind: 'service', service: board }, '', t)],
      ['feed: ward', () => feedEntries({ kind: 'service', service: ward }, '', t)],
    ]
    /* Story search, through the same function and card loading as /stories. */
    const { searchStories, searchInput } = await import('#services/reading/story_search')
    const search = (qs: Record<string, string>) => () => searchStories(searchInput(qs))
    const boardSlug = board.slug
    const wardSlug = ward.slug
    timings.push(
      ['search: common word, relevance', search({ q: 'nurse' })],
      ['search: common word, newest', search({ q: 'nurse', order: 'newest' })],
      ['search: word in every story', search({ q: 'story', order: 'newest' })],
      ['search: rare word', search({ q: 'k4242' })],
      ['search: phrase', search({ q: '"emergency department"' })],
      ['search: prefix', search({ q: 'dischar*' })],
      ['search: common word + board', search({ q: 'nurse', service: boardSlug })],
      ['search: common word + ward', search({ q: 'nurse', service: wardSlug })],
      ['search: rare word + board', search({ q: 'k4242', service: boardSlug })],
      [
        'search: phrase + progress + dates',
        search({
          q: '"emergency department"',
          progress: 'responded',
          from: new Date(Date.now() - 90 * 86400_000).toISOString().slice(0, 10),
        }),
      ],
      [
        'search: filters only (board, responded)',
        search({ service: boardSlug, progress: 'responded' }),
      ]
    )
    /* The public API, through the same functions as GET /api/v1/stories (100 a page). */
    const { searchPage } = await import('#services/api/api_story_search')
    const { changedStories } = await import('#services/api/api_stories')
    const { siteOfHost } = await import('#tenancy/site')
    const { DateTime } = await import('luxon')
    const reader = { apiKey: null, site: siteOfHost('bench.localhost', 'en-GB') }
    const visible = await db
      .from('stories')
      .where('tenant_id', tenant.id)
      .whereRaw(publiclyVisibleSql('stories'))
      .count('* as total')
      .first()
    const middle = await db.rawQuery(
      `select id, to_char(published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at,
              to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated
         from stories where tenant_id = ? and ${publiclyVisibleSql('stories')}
        order by published_at desc, id desc offset ? limit 1`,
      [tenant.id, Math.floor(Number(visible.total) / 2)]
    )
    const deep = middle.rows[0]
    const apiPage = (qs: Record<string, string>) => () =>
      searchPage(searchInput(qs), qs, 100, reader)
    const sync = (after: { at: string; id: number } | null) => () =>
      changedStories(
        { since: DateTime.now().minus({ years: 5 }), after, limit: 100, service: null },
        reader
      )
    timings.push(
      ['api: stories, first page', apiPage({})],
      ['api: stories, deep page by cursor', apiPage({ after: `0_${deep.at}_${deep.id}` })],
      ['api: stories of a board, first page', apiPage({ service: boardSlug })],
      ['api: sync, first page', sync(null)],
      ['api: sync, deep page by cursor', sync({ at: deep.updated, id: Number(deep.id) })]
    )
    /* The staff search (public search plus coverage and staff filters) and a streamed export. */
    const { prepareStaffSearch, staffCriteria, staffSearchPage } =
      await import('#services/searches/staff_search')
    const { writeCsv } = await import('#services/searches/story_export')
    const { Writable } = await import('node:stream')
    const staff = (rights: typeof moderatorRights, qs: Record<string, string>) => () =>
      staffSearchPage({ userId: 0, rights }, staffCriteria(qs), null)
    timings.push(
      ['staff search: moderator, common word', staff(moderatorRights, { q: 'nurse' })],
      ['staff search: hospital responder, unread', staff(responderRights, { unread: '1' })],
      [
        'staff search: moderator, criticality 5',
        staff(moderatorRights, { criticality: '5', q: 'nurse' }),
      ]
    )
    await timeEach(timings, {
      attempts: 5,
      width: 40,
      log: (line) => this.logger.log(line),
    })
    const exported = Math.min(100_000, Number(visible.total))
    const before = process.memoryUsage().heapUsed
    let peak = before
    await timeEach(
      [
        [
          `CSV export of ${exported.toLocaleString('en-GB')} stories`,
          async () => {
            const prepared = await prepareStaffSearch(
              { userId: 0, rights: moderatorRights },
              staffCriteria({})
            )
            const sink = new Writable({ write: (_chunk, _encoding, done) => done() })
            await writeCsv(prepared, { baseUrl: 'http://bench', locale: 'en-GB' }, sink, {
              limit: exported,
              onProgress: () => (peak = Math.max(peak, process.memoryUsage().heapUsed)),
            })
          },
        ],
      ],
      { attempts: 1, width: 40, log: (line) => this.logger.log(line) }
    )
    this.logger.log(
      `${'CSV export heap growth (peak)'.padEnd(40)} ${((peak - before) / 1048576).toFixed(1)} MB`
    )
  }
}
