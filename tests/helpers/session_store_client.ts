/**
 * Makes the test client's `withSession`, `loginAs` and flash assertions use
 * the app's real session store (PostgreSQL) instead of the memory store the
 * session plugin always picks, so every functional test runs against the
 * sessions the app really has.
 *
 * The plugin's session client does not wait for the store's writes; here
 * each request waits for them before it is sent (and for the clean-up after
 * its response), so a database write can never race the request it is for.
 * Register after `sessionApiClient`.
 */
import type { ApplicationService } from '@adonisjs/core/types'
import { configProvider } from '@adonisjs/core'
import { ApiClient, ApiRequest } from '@japa/api-client'
import { SessionClient } from '@adonisjs/session/client'
import type { ResolvedSessionConfig, SessionStoreContract } from '@adonisjs/session/types'
import type { PluginFn } from '@japa/runner/types'

const pendingWrites = new WeakMap<ApiRequest, Promise<unknown>[]>()

export function sessionStoreClient(app: ApplicationService): PluginFn {
  return async () => {
    const config = (await configProvider.resolve<ResolvedSessionConfig>(
      app,
      app.config.get('session')
    ))!
    ApiRequest.getter(
      'sessionClient',
      function (this: ApiRequest) {
        const store = config.stores[config.store](null as never, config)
        const writes: Promise<unknown>[] = []
        pendingWrites.set(this, writes)
        /* Nobody awaits these: a failure is the test's to see, not an unhandled rejection. */
        const track = (work: Promise<unknown>) => {
          const settled = work.then(
            () => undefined,
            () => undefined
          )
          writes.push(settled)
          return settled
        }
        const tracked: SessionStoreContract = {
          read: (id) => store.read(id) as never,
          write: (id, values) => track(Promise.resolve(store.write(id, values))),
          destroy: (id) => track(Promise.resolve(store.destroy(id))),
          touch: (id) => track(Promise.resolve(store.touch(id))),
        }
        return new SessionClient(tracked)
      },
      true
    )
    ApiClient.onRequest((request) => {
      request.setup(async () => {
        await Promise.all(pendingWrites.get(request) ?? [])
      })
      request.teardown(async () => {
        await Promise.all(pendingWrites.get(request) ?? [])
      })
    })
  }
}
