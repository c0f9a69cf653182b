import { BaseSeeder } from '@adonisjs/lucid/seeders'
import { tenancy } from '#tenancy/context'
import { demoDataPresent, seedDemoData } from '#services/platform/demo_data'

/** `node ace db:seed` runs the same demo data as `demo:seed`. */
export default class DemoSeeder extends BaseSeeder {
  static environment = ['development']

  async run() {
    if (await demoDataPresent()) return
    await tenancy.acrossTenants('seed demo data', () => seedDemoData())
  }
}
