/**
 * Every flag the moderation aid raises on a text: the personal data to
 * remove and the possible safeguarding concerns to consider escalating, in
 * the order they appear. The two kinds may overlap ("hit my husband Graham"):
 * each is kept, since each asks the moderator for something different.
 */
import { scanForPii, type PiiFinding } from '#services/moderation/pii_scanner'
import { scanForSafeguarding, type SafeguardingCue } from '#services/moderation/safeguarding_cues'

export type ModerationFlag = PiiFinding | SafeguardingCue

export function scanForModeration(text: string): ModerationFlag[] {
  return [...scanForPii(text), ...scanForSafeguarding(text)].sort(
    (a, b) => a.start - b.start || a.end - b.end
  )
}

/** The flag as the `moderation:scan` contract prints it. */
export function plainFlag(flag: ModerationFlag) {
  return { kind: flag.kind, start: flag.start, end: flag.end, text: flag.text }
}
