import { readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { importDirectory } from '#services/directory/directory_import'
import { makeTenant } from '#tests/helpers/tenants'

export function demoDirectoryCsv() {
  return readFileSync(app.makePath('database', 'data', 'directory-demo.csv'), 'utf8')
}

/** The three demo tenants with the demo directory imported. */
export async function demoDirectory() {
  const fife = await makeTenant('fife', { name: 'Carevoice Fife' })
  const england = await makeTenant('england', { name: 'Carevoice England' })
  const ayrshire = await makeTenant('ayrshire-arran', { name: 'Carevoice Ayrshire and Arran' })
  const report = await importDirectory(demoDirectoryCsv())
  if (report.problems.length) throw new Error(JSON.stringify(report.problems))
  return { fife, england, ayrshire }
}
