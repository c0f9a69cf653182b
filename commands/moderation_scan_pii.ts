import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { scanForPii } from '#services/moderation/pii_scanner'

/**
 * moderation:scan-pii: reads text on stdin and prints a JSON array of
 * { kind, start, end, text } (UTF-16 offsets, end exclusive).
 */
export default class ModerationScanPii extends BaseCommand {
  static commandName = 'moderation:scan-pii'
  static description =
    'Read story text on stdin; print the likely personal data found in it as JSON'
  static options: CommandOptions = { startApp: false }

  static MAX_BYTES = 5 * 1024 * 1024

  protected async readStdin() {
    if (process.stdin.isTTY) return ''
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of process.stdin) {
      size += chunk.length
      if (size > ModerationScanPii.MAX_BYTES) throw new RangeError('input over 5 MB')
      chunks.push(Buffer.from(chunk))
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  }

  protected scan(text: string): object[] {
    return scanForPii(text)
  }

  async run() {
    let text: string
    try {
      text = await this.readStdin()
    } catch (error) {
      this.logger.error(
        error instanceof RangeError
          ? 'The text is over 5 MB: scan a story at a time'
          : 'The input is not valid UTF-8 text'
      )
      this.exitCode = 1
      return
    }
    process.stdout.write(`${JSON.stringify(this.scan(text))}\n`)
  }
}
