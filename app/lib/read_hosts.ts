/**
 * DB_READ_HOSTS: the read replicas, as "host[:port]" separated by commas.
 * Kept free of imports: start/env.ts checks the setting with it before the
 * app boots.
 */
export type ReadHost = { host: string; port?: number }

const HOST = /^[A-Za-z0-9.-]{1,253}$/

export function parseReadHosts(value: string): ReadHost[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [host, port, ...rest] = entry.split(':')
      if (rest.length > 0 || !HOST.test(host)) {
        throw new Error(`"${entry}" is not a host or host:port`)
      }
      if (port === undefined) return { host }
      const number = Number(port)
      if (!/^\d+$/.test(port) || number < 1 || number > 65535) {
        throw new Error(`"${entry}" has no valid port (1 to 65535)`)
      }
      return { host, port: number }
    })
}
