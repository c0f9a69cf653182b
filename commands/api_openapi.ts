import { writeFile } from 'node:fs/promises'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { openApiDocument } from '#services/api/openapi_document'
import { siteOfHost } from '#tenancy/site'

/**
 * api:openapi: the OpenAPI document of /api/v1 as the app serves it (for
 * an example host), on stdout or into a file: what `npm run lint:openapi`
 * lints.
 */
export default class ApiOpenapi extends BaseCommand {
  static commandName = 'api:openapi'
  static description = 'Print the OpenAPI 3.1 document of the public API v1'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Write to this file instead of stdout' })
  declare out?: string

  async run() {
    const document = openApiDocument(siteOfHost('example.localhost', 'en-GB'), 'Carevoice')
    const json = `${JSON.stringify(document, null, 2)}\n`
    if (this.out) await writeFile(this.out, json)
    else process.stdout.write(json)
  }
}
