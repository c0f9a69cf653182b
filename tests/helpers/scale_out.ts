/**
 * A deployment scaled out on one machine, for tests/functional/scaling:
 * its own database on the test cluster (migrated and seeded with the demo
 * data, committed, as an operator's would be), web instances and job
 * workers as real processes, a round-robin HTTP proxy in front of the
 * instances, and a database proxy that reads the SQL passing through it
 * (standing in for a read replica).
 */
import { createServer, request, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { DatabaseProxy } from '#tests/helpers/database_proxy'
import { createEmptyDatabase, runAce } from '#tests/helpers/deployment_b'

export const SCALE_DATABASE = process.env.TEST_DB_DATABASE_SCALE ?? 'carevoice_test_scale'

/** The environment of every process of the scaled-out deployment. */
export function scaleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DB_DATABASE: SCALE_DATABASE,
    HOST: '127.0.0.1',
    /* Shared state lives in PostgreSQL, as in production. */
    SESSION_DRIVER: 'database',
    LIMITER_STORE: 'database',
    ...extra,
  }
}

/** A fresh database with the schema and the demo tenants, users and stories. */
export async function prepareScaleDatabase() {
  await createEmptyDatabase(SCALE_DATABASE)
  for (const args of [['migration:run', '--force'], ['demo:seed']]) {
    const run = await runAce(args, '', scaleEnv())
    if (run.status !== 0) throw new Error(`${args[0]} on ${SCALE_DATABASE}: ${run.stderr}`)
  }
}

/**
 * Sends each request to the next upstream in turn (no keep-alive, so the
 * turn is per request), as a load balancer in front of instances would.
 */
export class RoundRobinProxy {
  port = 0
  /** The upstream port of each request, in order. */
  served: number[] = []
  #next = 0
  #server: Server | null = null

  constructor(protected upstreams: number[]) {}

  async start() {
    this.#server = createServer((incoming, outgoing) => {
      const port = this.upstreams[this.#next++ % this.upstreams.length]
      this.served.push(port)
      const forwarded = request(
        {
          host: '127.0.0.1',
          port,
          path: incoming.url,
          method: incoming.method,
          headers: { ...incoming.headers, connection: 'close' },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(outgoing)
        }
      )
      forwarded.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502)
        outgoing.end()
      })
      incoming.pipe(forwarded)
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    const address = this.#server.address()
    this.port = typeof address === 'object' && address ? address.port : 0
  }

  async stop() {
    await new Promise<void>((resolve) =>
      this.#server ? this.#server.close(() => resolve()) : resolve()
    )
  }
}

/**
 * A TCP proxy to the test database that records the SQL of every query
 * sent through it (simple and extended protocol), to see which queries a
 * "replica" got.
 */
export class SqlWatchingProxy extends DatabaseProxy {
  statements: string[] = []

  constructor(target: { host: string; port: number }) {
    super(target, '127.0.0.1', (client) => this.#read(client))
  }

  #read(client: Socket) {
    let buffer = Buffer.alloc(0)
    let started = false
    client.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      while (true) {
        /* The start-up message (and an SSL request) has no type byte. */
        const header = started ? 5 : 4
        if (buffer.length < header) return
        const length = started ? buffer.readInt32BE(1) + 1 : buffer.readInt32BE(0)
        if (buffer.length < length) return
        const message = buffer.subarray(0, length)
        buffer = buffer.subarray(length)
        if (!started) {
          /* 80877103: SSLRequest, answered with "N"; the start-up message follows. */
          started = message.length < 8 || message.readInt32BE(4) !== 80877103
          continue
        }
        const type = String.fromCharCode(message[0])
        if (type === 'Q') this.statements.push(cString(message, 5))
        if (type === 'P') {
          const nameEnd = message.indexOf(0, 5)
          this.statements.push(cString(message, nameEnd + 1))
        }
      }
    })
  }
}

function cString(message: Buffer, from: number) {
  const end = message.indexOf(0, from)
  return message.toString('utf8', from, end === -1 ? undefined : end)
}
