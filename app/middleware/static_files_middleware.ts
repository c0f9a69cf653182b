import { readdirSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

/**
 * Files of `public/` (stylesheets, scripts), served by the framework's
 * static middleware, which looks for a file on disk (a stat) for every
 * request it sees. Requests whose first path segment names nothing in
 * `public/` (every page, feed and API call) go straight on: the folder's
 * top level is read once at start, as files there change only with a
 * deployment.
 */
const TOP_LEVEL = new Set(readdirSync(app.publicPath()))

let files: StaticMiddleware | null = null

export const staticFiles = {
  /** Requests handed to the static middleware since this process started. */
  lookedUp: 0,
}

export default class StaticFilesMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const path = ctx.request.url()
    const end = path.indexOf('/', 1)
    if (!TOP_LEVEL.has(path.slice(1, end < 0 ? undefined : end))) return next()
    staticFiles.lookedUp++
    files ??= await app.container.make(StaticMiddleware)
    return files.handle(ctx, next)
  }
}
