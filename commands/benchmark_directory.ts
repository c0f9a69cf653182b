import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { wholeNumberInRange } from '#lib/command_input'
import { timeEach } from '#lib/benchmark_timing'

/**
 * benchmark:directory [--services N]: builds a tenant with N services (100,000
 * by default) inside a transaction that is rolled back at the end, then
 * times the directory's public queries. Nothing is left behind.
 */
export default class BenchmarkDirectory extends BaseCommand {
  static commandName = 'benchmark:directory'
  static description = 'Time the directory queries on a large tenant (rolled back afterwards)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many services to build', default: 100_000 })
  declare services: number

  async run() {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { default: Tenant } = await import('#models/tenant')
    const { default: Area } = await import('#models/area')
    const { default: Service, SERVICE_STATUS } = await import('#models/service')
    const { tenancy } = await import('#tenancy/context')
    const { recomputeServicePaths, subtreeQuery } =
      await import('#services/directory/directory_tree')
    const queries = await import('#services/directory/directory_queries')

    const size = wholeNumberInRange('services', this.services, 1000, 1_000_000)
    if (!size.ok) {
      this.logger.error(size.message)
      this.exitCode = 1
      return
    }
    const total = size.value
    const hospitals = Math.ceil(total / 100)
    const boards = Math.ceil(hospitals / 100)
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
        this.logger.info(`building ${total} services…`)
        const areas: InstanceType<typeof Area>[] = []
        for (let index = 0; index < 20; index++) {
          areas.push(await Area.create({ name: `Area ${index}`, slug: `area-${index}` }))
        }
        const insert = (prefix: string, count: number, parentPrefix: string, perParent: number) =>
          db.rawQuery(
            `insert into services (tenant_id, ref, slug, name, kind, area_id, parent_id, path, status, created_at, updated_at)
             select :tenant, :prefix || g, :prefix || g, initcap(md5(:prefix || g)) || ' ' || :prefix || g, 'hospital',
                    (array[${areas.map((area) => area.id).join(',')}])[1 + g % 20], parent.id, '', :open, now(), now()
               from generate_series(1, :count) g
               left join services parent on parent.tenant_id = :tenant and parent.ref = :parentPrefix || ((g - 1) / :perParent + 1)`,
            { tenant: tenant.id, prefix, count, parentPrefix, perParent, open: SERVICE_STATUS.open }
          )
        await insert('b-', boards, '', 1)
        await insert('h-', hospitals, 'b-', 100)
        await db.rawQuery('analyze services')
        await insert('w-', total - boards - hospitals, 'h-', 99)
        await recomputeServicePaths()

        const board = await Service.findByOrFail('ref', 'b-1')
        const ward = await Service.findByOrFail('ref', 'w-5000')
        const timings: [string, () => Promise<unknown>][] = [
          ['subtree count of a board', () => subtreeQuery(board).count('* as total').first()],
          ['service page of a ward', () => queries.servicePage(ward.slug)],
          ['areas with counts', () => queries.areasWithCounts()],
          ['area page (first 50)', () => queries.areaPage('area-3', null)],
          ['A–Z page (letter A)', () => queries.servicesByLetter('A', null)],
          ['search "a1b" (typo-tolerant)', () => queries.searchServices('a1b')],
        ]
        await timeEach(timings, {
          attempts: 7,
          width: 32,
          log: (line) => this.logger.log(line),
        })
      })
    } finally {
      await db.rollbackGlobalTransaction()
    }
  }
}
