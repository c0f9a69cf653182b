/**
 * A TCP proxy in front of the test database, to stage outages for real:
 * `refuseNew()` stops accepting connections while those already open keep
 * working (what PostgreSQL's smart shutdown does), `dropAll()` cuts the open
 * ones (the shutdown finally ending sessions), `acceptAgain()` is the
 * database coming back on the same address.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'
import db from '@adonisjs/lucid/services/db'

export class DatabaseProxy {
  port = 0
  #server: Server | null = null
  #sockets = new Set<Socket>()

  constructor(
    protected target: { host: string; port: number },
    protected listenHost = '127.0.0.1',
    /** Sees each client connection as it opens (to read what it sends). */
    protected onClient: (client: Socket) => void = () => {}
  ) {}

  async acceptAgain() {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {})
      }
      this.onClient(client)
      client.pipe(upstream).pipe(client)
      client.on('close', () => upstream.destroy())
      upstream.on('close', () => client.destroy())
    })
    await new Promise<void>((resolve) => server.listen(this.port, this.listenHost, resolve))
    const address = server.address()
    this.port = typeof address === 'object' && address ? address.port : this.port
    this.#server = server
  }

  /** New connections are refused; open ones carry on. */
  async refuseNew() {
    const server = this.#server
    this.#server = null
    if (server) server.close()
  }

  dropAll() {
    for (const socket of this.#sockets) socket.destroy()
  }

  async stop() {
    await this.refuseNew()
    this.dropAll()
  }
}

/**
 * Runs `during` with the app's database connection going through a proxy,
 * then puts the connection back as it was.
 */
export async function throughDatabaseProxy(during: (proxy: DatabaseProxy) => Promise<void>) {
  const name = db.primaryConnectionName
  const original = db.manager.get(name)!.config
  const settings = original.connection as { host?: string; port?: number }
  const proxy = new DatabaseProxy({
    host: settings.host ?? '127.0.0.1',
    port: settings.port ?? 5432,
  })
  await proxy.acceptAgain()
  db.manager.patch(name, {
    ...original,
    connection: { ...settings, host: '127.0.0.1', port: proxy.port },
  } as typeof original)
  try {
    await during(proxy)
  } finally {
    db.manager.patch(name, original)
    await proxy.stop()
  }
}
