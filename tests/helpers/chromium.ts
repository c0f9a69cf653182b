import { existsSync } from 'node:fs'

/** The system Chromium to drive: CHROMIUM_PATH, else Debian's. Never a downloaded one. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null
}
