import type { CommandOptions } from '@adonisjs/core/types/ace'
import ModerationScanPii from './moderation_scan_pii.js'
import { plainFlag, scanForModeration } from '#services/moderation/moderation_flags'

/**
 * moderation:scan: like moderation:scan-pii, with every flag the moderation
 * aid raises, safeguarding cues (kind `safeguarding`) included.
 */
export default class ModerationScan extends ModerationScanPii {
  static commandName = 'moderation:scan'
  static description =
    'Read story text on stdin; print every moderation flag (personal data and safeguarding cues) as JSON'
  static options: CommandOptions = { startApp: false }

  protected scan(text: string) {
    return scanForModeration(text).map(plainFlag)
  }
}
