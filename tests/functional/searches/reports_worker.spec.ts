import { test } from '@japa/runner'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { simpleParser } from 'mailparser'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Membership from '#models/membership'
import SavedSearch from '#models/saved_search'
import Story from '#models/story'
import type Tenant from '#models/tenant'
import User from '#models/user'
import { enqueue } from '#services/platform/job_queue'
import { tenancy } from '#tenancy/context'
import { makeTenant, TEST_PASSWORD } from '#tests/helpers/tenants'
import { startWorker } from '#tests/helpers/worker'
import '#start/jobs'

/*
 * A real `queue:work` process cannot see the rolled-back transaction the
 * other functional tests use, so this test commits for real, in a tenant of
 * its own, and deletes that tenant (and everything in it) afterwards. The
 * worker's mail goes to tmp/mail-test/ (config/mail.ts), read back here.
 */
const SLUG = 'reports-worker-test'
const EMAIL = 'reports@reports-worker.test'
const MAIL_FOLDER = app.tmpPath('mail-test')

function reportFiles() {
  try {
    return readdirSync(MAIL_FOLDER).filter((name) => name.endsWith(`-${EMAIL}.eml`))
  } catch {
    return []
  }
}

async function removeTenant() {
  const tenants = await db.from('tenants').where('slug', SLUG).select('id')
  for (const { id } of tenants) {
    await db.rawQuery('delete from jobs where context_tenant_id = ?', [id])
    await db.rawQuery('delete from tenants where id = ?', [id])
  }
  await db.rawQuery(`delete from users where email like '%@reports-worker.test'`)
  for (const file of reportFiles()) rmSync(join(MAIL_FOLDER, file))
}

async function storyIn(
  tenant: Tenant,
  index: number,
  role: Story['authorRole'],
  age: Story['ageBand']
) {
  await tenancy.run(tenant, () =>
    Story.create({
      status: 'published',
      version: 1,
      title: `Report story ${index}`,
      originalBody: 'An invented story for the report test.',
      publicTitle: `Report story ${index}`,
      publicBody: 'An invented story for the report test.',
      happenedOn: DateTime.now().minus({ days: 10 }),
      authorRole: role,
      ageBand: age,
      displayName: 'Test author',
      authorEmail: 'author@reports-worker.test',
      confirmedAt: DateTime.now(),
      publishedAt: DateTime.now().minus({ days: 1, minutes: index }),
      criticality: index % 2,
    })
  )
}

test.group('Scheduled reports and a real worker', (group) => {
  group.each.setup(async () => {
    await removeTenant()
    return removeTenant
  })

  test('a weekly report arrives by email with a CSV and an XLSX that open, small numbers suppressed', async ({
    assert,
  }) => {
    const tenant = await makeTenant(SLUG)
    const user = await User.create({ email: EMAIL, name: 'Report Reader', password: TEST_PASSWORD })
    await tenancy.run(tenant, async () => {
      await Membership.create({ userId: user.id, role: 'moderator' })
      await SavedSearch.create({
        userId: user.id,
        name: 'Everything this week',
        criteria: {},
        alertMode: 'none',
        reportSchedule: 'weekly',
      })
    })
    for (let index = 0; index < 12; index++) await storyIn(tenant, index, 'patient', '45_54')
    for (let index = 12; index < 14; index++) await storyIn(tenant, index, 'carer', '65_74')
    /* Older than the week: not in the report. */
    await tenancy.run(tenant, () =>
      Story.create({
        status: 'published',
        version: 1,
        title: 'Old story',
        originalBody: 'Old.',
        publicTitle: 'Old story',
        publicBody: 'Old.',
        happenedOn: DateTime.now().minus({ months: 2 }),
        authorRole: 'patient',
        ageBand: '45_54',
        displayName: 'Test author',
        authorEmail: 'author@reports-worker.test',
        confirmedAt: DateTime.now(),
        publishedAt: DateTime.now().minus({ days: 20 }),
      })
    )
    await tenancy.run(tenant, () => enqueue('searches.reports', {}))

    /* The report job queues the mail; the next pass sends it. */
    for (let pass = 0; pass < 2; pass++) {
      const worker = startWorker(['--once'])
      const { code } = await worker.exited
      assert.equal(code, 0, worker.output.stderr)
    }
    const files = reportFiles()
    assert.lengthOf(files, 1)
    const message = await simpleParser(readFileSync(join(MAIL_FOLDER, files[0])))
    assert.include(message.subject ?? '', 'Everything this week')
    assert.include(message.text ?? '', 'Carers: 10 or fewer')
    assert.include(message.text ?? '', 'Patients and service users: 12')

    const csv = message.attachments.find((file) => file.filename?.endsWith('.csv'))!
    const xlsx = message.attachments.find((file) => file.filename?.endsWith('.xlsx'))!
    assert.exists(csv)
    assert.exists(xlsx)
    const rows = parse(csv.content.toString('utf8'), { columns: true }) as Record<string, string>[]
    assert.lengthOf(rows, 14)
    assert.notInclude(
      rows.map((row) => row.title),
      'Old story'
    )
    /* The rows cannot undo the suppression: no role or age column. */
    assert.notProperty(rows[0], 'author_role')
    assert.notProperty(rows[0], 'age_band')

    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.content as never)
    const summary: string[][] = []
    workbook
      .getWorksheet('Summary')!
      .eachRow((row) => summary.push((row.values as unknown[]).slice(1).map(String)))
    assert.deepInclude(summary, ['Carers', '10 or fewer'])
    assert.deepInclude(summary, ['Patients and service users', '12'])
    assert.deepInclude(summary, ['65 to 74', '10 or fewer'])
    assert.deepInclude(summary, ['45 to 54', '12'])
    assert.equal(workbook.getWorksheet('Stories')!.rowCount, 15)

    /* The same period is not reported twice. */
    await tenancy.run(tenant, () => enqueue('searches.reports', {}, { dedupeKey: `${SLUG}-again` }))
    for (let pass = 0; pass < 2; pass++) {
      const worker = startWorker(['--once'])
      await worker.exited
    }
    assert.lengthOf(reportFiles(), 1)
  }).timeout(90_000)
})
