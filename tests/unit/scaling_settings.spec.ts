import { test } from '@japa/runner'
import { parseReadHosts } from '#lib/read_hosts'
import { withReadReplicas } from '#lib/read_replicas'
import type { PostgreConfig } from '@adonisjs/lucid/types/database'
import { processCounts, webExecArgv } from '../../bin/production_start.ts'

test.group('Scaling settings', () => {
  test('DB_READ_HOSTS takes hosts with or without a port', ({ assert }) => {
    assert.deepEqual(parseReadHosts('replica-1.internal:6432, replica-2.internal'), [
      { host: 'replica-1.internal', port: 6432 },
      { host: 'replica-2.internal' },
    ])
    assert.deepEqual(parseReadHosts(' , '), [])
  })

  test('a read host that is not host[:port] is refused, naming it', ({ assert }) => {
    assert.throws(
      () => parseReadHosts('db:notaport'),
      '"db:notaport" has no valid port (1 to 65535)'
    )
    assert.throws(() => parseReadHosts('db:70000'), '"db:70000" has no valid port (1 to 65535)')
    assert.throws(() => parseReadHosts('db one'), '"db one" is not a host or host:port')
    assert.throws(() => parseReadHosts('db:1:2'), '"db:1:2" is not a host or host:port')
  })

  test('replicas keep the primary as the writer and its settings, read-only', ({ assert }) => {
    const primary: PostgreConfig = {
      client: 'pg',
      connection: { host: 'primary', port: 5433, user: 'carevoice_app', database: 'carevoice' },
    }
    assert.strictEqual(withReadReplicas(primary, undefined), primary)
    assert.strictEqual(withReadReplicas(primary, []), primary)
    const config = withReadReplicas(primary, [{ host: 'r1' }, { host: 'r2', port: 6432 }])
    assert.deepEqual(config.replicas!.write.connection, primary.connection)
    assert.deepEqual(
      config.replicas!.read.connection.map((one) => {
        const settings = one as { host?: string; port?: number; user?: string }
        return [settings.host, settings.port, settings.user]
      }),
      [
        ['r1', 5433, 'carevoice_app'],
        ['r2', 6432, 'carevoice_app'],
      ]
    )
    assert.isTrue(
      config.replicas!.read.connection.every(
        (one) => (one as { options?: string }).options === '-c default_transaction_read_only=on'
      )
    )
  })

  test('web processes default to one per core, job workers to one; bad counts are refused', ({
    assert,
  }) => {
    const counts = processCounts({})
    assert.isAtLeast(counts.web, 1)
    assert.equal(counts.jobs, 1)
    assert.deepEqual(processCounts({ WEB_CONCURRENCY: '1', JOB_WORKERS: '0' }), {
      web: 1,
      jobs: 0,
      graceMs: 10_000,
      webHeapMb: 256,
    })
    assert.throws(
      () => processCounts({ WEB_CONCURRENCY: '0' }),
      'WEB_CONCURRENCY must be a whole number of 1 or more (got "0")'
    )
    assert.throws(
      () => processCounts({ JOB_WORKERS: 'two' }),
      'JOB_WORKERS must be a whole number of 0 or more (got "two")'
    )
    assert.throws(
      () => processCounts({ WEB_HEAP_MB: '16' }),
      'WEB_HEAP_MB must be a whole number of 64 or more (got "16")'
    )
  })

  test('web processes get a bounded heap, unless the operator chose one', ({ assert }) => {
    const counts = processCounts({ WEB_HEAP_MB: '300' })
    assert.deepEqual(webExecArgv(counts, ['--enable-source-maps'], {}), [
      '--enable-source-maps',
      '--max-old-space-size=300',
      '--max-semi-space-size=8',
    ])
    assert.deepEqual(webExecArgv(counts, ['--max-old-space-size=1024'], {}), [
      '--max-old-space-size=1024',
    ])
    assert.deepEqual(webExecArgv(counts, [], { NODE_OPTIONS: '--max-old-space-size=512' }), [])
  })
})
