import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import db from '@adonisjs/lucid/services/db'
import Response from '#models/response'
import Service from '#models/service'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import { StaffRights } from '#services/accounts/staff_rights'
import { prepareStaffSearch, staffCriteria } from '#services/searches/staff_search'
import { writeCsv } from '#services/searches/story_export'
import { refreshProgress } from '#services/stories/story_progress'
import { tenancy } from '#tenancy/context'
import StoriesExport from '#commands/stories_export'
import { refused, runCommand } from '#tests/helpers/commands'
import { demoDirectory } from '#tests/helpers/directory'
import { makeStory } from '#tests/helpers/stories'
import { isolateEachTest, makeStaff } from '#tests/helpers/tenants'

const FIFE = 'fife.localhost'
const ENGLAND = 'england.localhost'
const WARD = 'victoria-hospital-ward-6'
const QMH = 'queen-margaret-hospital'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/* Binary bodies as buffers, so the test can open the workbook. */
ApiRequest.addParser(XLSX, (response, callback) => {
  const chunks: Buffer[] = []
  response.on('data', (chunk: Buffer) => chunks.push(chunk))
  response.on('end', () => callback(null, Buffer.concat(chunks)))
})

async function serviceOf(tenant: Tenant, ref: string) {
  return tenancy.run(tenant, () => Service.findByOrFail('ref', ref))
}

async function publish(
  tenant: Tenant,
  ref: string,
  title: string,
  options: Parameters<typeof makeStory>[2] = {}
) {
  return makeStory(tenant, ref, {
    status: 'published',
    title,
    publicBody: `${title}: the night nurse was kind.`,
    ...options,
  })
}

async function setStory(tenant: Tenant, story: Story, values: Record<string, unknown>) {
  await tenancy.run(tenant, async () => {
    await Story.query().where('id', story.id).update(values)
  })
}

async function respond(tenant: Tenant, story: Story, ref: string, authorId: number | null) {
  await tenancy.run(tenant, async () => {
    const service = await Service.findByOrFail('ref', ref)
    await Response.create({
      storyId: story.id,
      serviceId: service.id,
      authorId,
      authorName: 'Ward manager',
      body: 'Thank you for telling us.',
      editableUntil: DateTime.now(),
    })
    await db.transaction((trx) => refreshProgress(story.id, trx))
  })
}

async function xlsxRows(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(buffer as never)
  const rows: unknown[][] = []
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

test.group('Staff story search', (group) => {
  isolateEachTest(group)

  test('a Fife moderator never sees an England story in the staff search or its exports', async ({
    client,
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    await publish(fife, WARD, 'Fife kindness on the ward')
    await publish(england, 'leeds-teaching-hospitals', 'England kindness in Leeds')

    const page = await client
      .get('/staff/search?q=kindness')
      .header('host', FIFE)
      .loginAs(moderator)
    page.assertStatus(200)
    assert.include(page.text(), 'Fife kindness on the ward')
    assert.notInclude(page.text(), 'England kindness')

    const csv = await client
      .get('/staff/search/export.csv?q=kindness')
      .header('host', FIFE)
      .loginAs(moderator)
    csv.assertStatus(200)
    csv.assertHeader('content-type', 'text/csv; charset=utf-8')
    const rows = parse(csv.text(), { columns: true }) as Record<string, string>[]
    assert.deepEqual(
      rows.map((row) => row.title),
      ['Fife kindness on the ward']
    )

    const xlsx = await client
      .get('/staff/search/export.xlsx')
      .header('host', FIFE)
      .loginAs(moderator)
    xlsx.assertStatus(200)
    const sheet = await xlsxRows(xlsx.body() as Buffer)
    assert.equal(sheet[0][0], 'id')
    assert.deepEqual(
      sheet.slice(1).map((row) => row[2]),
      ['Fife kindness on the ward']
    )

    /* The same account on England's host has no staff rights there. */
    const elsewhere = await client
      .get('/staff/search?q=kindness')
      .header('host', ENGLAND)
      .loginAs(moderator)
      .redirects(0)
    assert.notInclude(elsewhere.text(), 'kindness in Leeds')
    assert.notEqual(elsewhere.status(), 200)
    const elsewhereExport = await client
      .get('/staff/search/export.csv')
      .header('host', ENGLAND)
      .loginAs(moderator)
      .redirects(0)
    assert.notEqual(elsewhereExport.status(), 200)
    assert.notInclude(elsewhereExport.text(), 'Leeds')
  })

  test('a responder sees only the stories of the services they cover', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const ward = await serviceOf(fife, WARD)
    const qmh = await serviceOf(fife, QMH)
    const responder = await makeStaff(fife, 'responder', 'ward@fife.test', {
      serviceIds: [ward.id],
    })
    await publish(fife, WARD, 'Ward 6 was calm')
    await publish(fife, QMH, 'Queen Margaret was busy')

    const page = await client.get('/staff/search').header('host', FIFE).loginAs(responder)
    page.assertStatus(200)
    assert.include(page.text(), 'Ward 6 was calm')
    assert.notInclude(page.text(), 'Queen Margaret was busy')

    const outside = await client
      .get(`/staff/search?service=${qmh.slug}`)
      .header('host', FIFE)
      .loginAs(responder)
    outside.assertStatus(200)
    assert.notInclude(outside.text(), 'Queen Margaret was busy')
    assert.include(outside.text(), 'That service is not one you cover')

    const csv = await client.get('/staff/search/export.csv').header('host', FIFE).loginAs(responder)
    const titles = (parse(csv.text(), { columns: true }) as Record<string, string>[]).map(
      (row) => row.title
    )
    assert.deepEqual(titles, ['Ward 6 was calm'])
  })

  test('staff-only filters: criticality, not yet read by me, no response after N days, responded by me or my service', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const ward = await serviceOf(fife, WARD)
    const me = await makeStaff(fife, 'responder', 'me@fife.test', { serviceIds: [ward.id] })
    const colleague = await makeStaff(fife, 'responder', 'colleague@fife.test', {
      serviceIds: [ward.id],
    })
    const critical = await publish(fife, WARD, 'Severely critical story')
    await setStory(fife, critical, { criticality: 5 })
    const old = await publish(fife, WARD, 'Old unanswered story', {
      publishedAt: DateTime.now().minus({ days: 30 }),
    })
    const mine = await publish(fife, WARD, 'Story I answered')
    await respond(fife, mine, WARD, me.id)
    const theirs = await publish(fife, WARD, 'Story my colleague answered')
    await respond(fife, theirs, WARD, colleague.id)
    await tenancy.run(fife, async () => {
      await db.table('story_views').insert({
        tenant_id: fife.id,
        story_id: old.id,
        user_id: me.id,
        first_viewed_at: new Date(),
      })
    })

    const titles = async (query: string) => {
      const response = await client.get(`/staff/search?${query}`).header('host', FIFE).loginAs(me)
      response.assertStatus(200)
      return [
        'Severely critical story',
        'Old unanswered story',
        'Story I answered',
        'Story my colleague answered',
      ].filter((title) => response.text().includes(title))
    }
    assert.deepEqual(await titles('criticality=4'), ['Severely critical story'])
    assert.deepEqual(await titles('unread=1'), [
      'Severely critical story',
      'Story I answered',
      'Story my colleague answered',
    ])
    assert.deepEqual(await titles('noResponseDays=14'), ['Old unanswered story'])
    assert.deepEqual(await titles('respondedBy=me'), ['Story I answered'])
    assert.deepEqual(await titles('respondedBy=my_service'), [
      'Story I answered',
      'Story my colleague answered',
    ])
  })

  test('filters it cannot read are named on the page, never an error', async ({
    client,
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const moderator = await makeStaff(fife, 'moderator', 'mo@fife.test')
    const response = await client
      .get(
        '/staff/search?criticality=9&noResponseDays=abc&q=%22%26%7C!%3A*()&from=2026-13-40&after=junk'
      )
      .header('host', FIFE)
      .loginAs(moderator)
    response.assertStatus(200)
    assert.include(response.text(), 'Choose a criticality from 1 to 5')
    assert.include(response.text(), 'Enter a whole number of days from 1 to 3650')
    assert.include(response.text(), 'Enter dates like 2026-01-31')
  })

  test('an export streams batch by batch: every matching story, never all of them in memory at once', async ({
    assert,
  }) => {
    const { fife } = await demoDirectory()
    const total = 1200
    await tenancy.run(fife, async () => {
      const ward = await Service.findByOrFail('ref', WARD)
      await db.rawQuery(
        `insert into stories (tenant_id, status, version, title, original_body, public_title, public_body,
           happened_on, author_role, age_band, display_name, author_email, locale, confirmed_at,
           published_at, created_at, updated_at)
         select ?, 'published', 1, 'Bulk ' || n, 'Original ' || n, 'Bulk story ' || n, 'Text ' || n,
                current_date, 'patient', 'not_said', 'Someone', 'bulk@example.test', 'en-GB', now(),
                now() - n * interval '1 minute', now(), now()
           from generate_series(1, ?) n`,
        [fife.id, total]
      )
      await db.rawQuery(
        `insert into story_services (tenant_id, story_id, service_id)
         select tenant_id, id, ? from stories where tenant_id = ? and title like 'Bulk %'`,
        [ward.id, fife.id]
      )
    })
    const written: number[] = []
    const out = new PassThrough()
    const chunks: Buffer[] = []
    out.on('data', (chunk: Buffer) => chunks.push(chunk))
    const count = await tenancy.run(fife, async () => {
      const prepared = await prepareStaffSearch(
        { userId: 0, rights: new StaffRights(false, new Set(['moderator']), []) },
        staffCriteria({})
      )
      return writeCsv(prepared, { baseUrl: 'http://fife.localhost', locale: 'en-GB' }, out, {
        batch: 500,
        onProgress: (n) => written.push(n),
      })
    })
    assert.equal(count, total)
    /* Three batches, each written before the next was read. */
    assert.deepEqual(written, [500, 1000, 1200])
    const rows = parse(Buffer.concat(chunks).toString('utf8'), { columns: true }) as Record<
      string,
      string
    >[]
    assert.lengthOf(rows, total)
    assert.equal(rows[0].title, 'Bulk story 1')
    assert.notInclude(Buffer.concat(chunks).toString('utf8'), 'Original ')
  })

  test('stories:export writes a file with a progress line, and refuses bad options with one clear line', async ({
    assert,
  }) => {
    const { fife, england } = await demoDirectory()
    await publish(fife, WARD, 'Exported from the ward')
    await publish(fife, QMH, 'Not about the ward')
    await publish(england, 'leeds-teaching-hospitals', 'An England story')
    const folder = mkdtempSync(join(tmpdir(), 'stories-export-'))
    const file = join(folder, 'ward.csv')
    const done = await runCommand(StoriesExport, [
      '--tenant',
      'fife',
      '--service',
      WARD,
      '--out',
      file,
    ])
    done.command.assertSucceeded()
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]
    assert.deepEqual(
      rows.map((row) => row.title),
      ['Exported from the ward']
    )
    const xlsxFile = join(folder, 'all.xlsx')
    const xlsx = await runCommand(StoriesExport, [
      '--tenant',
      'fife',
      '--format',
      'xlsx',
      '--out',
      xlsxFile,
    ])
    xlsx.command.assertSucceeded()
    const sheet = await xlsxRows(readFileSync(xlsxFile))
    assert.sameMembers(
      sheet.slice(1).map((row) => row[2]),
      ['Exported from the ward', 'Not about the ward']
    )

    await refused(
      assert,
      StoriesExport,
      ['--tenant', 'nowhere'],
      'No tenant has the slug "nowhere"'
    )
    await refused(
      assert,
      StoriesExport,
      ['--tenant', 'fife', '--since', '2026-02-31'],
      '--since must be a date like 2026-01-31'
    )
    await refused(
      assert,
      StoriesExport,
      ['--tenant', 'fife', '--service', 'leeds-teaching-hospitals'],
      'No service "leeds-teaching-hospitals" in the tenant "fife"'
    )
    await refused(
      assert,
      StoriesExport,
      ['--tenant', 'fife', '--format', 'pdf'],
      '--format must be csv or xlsx'
    )
  })
})
