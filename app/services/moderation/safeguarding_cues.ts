/**
 * Finds phrases in story text that suggest a possible safeguarding concern:
 * abuse (including taking someone's money), neglect, self-harm, suicide,
 * violence, or someone not being safe. Each finding is the phrase itself, so
 * the moderator sees it highlighted and is offered the escalation.
 *
 * Like the personal data scanner it only suggests. Ordinary words stay quiet:
 * "safe", "pain", "attack" or "hit" alone are not cues ("the nurse made me
 * feel safe", "I was not in pain", "a heart attack", "I hit the call
 * button"); a cue needs the words around them. Offsets are UTF-16 code units,
 * `end` exclusive.
 */

export type SafeguardingConcern =
  'abuse' | 'financial_abuse' | 'neglect' | 'self_harm' | 'suicide' | 'violence' | 'not_safe'

export type SafeguardingCue = {
  kind: 'safeguarding'
  concern: SafeguardingConcern
  start: number
  end: number
  text: string
}

const PERSON =
  '(?:me|him|her|them|us|my (?:mum|mother|dad|father|wife|husband|son|daughter|gran|child))'
const POSSESSIVE = '(?:his|her|my|their|our)'

const CUES: [SafeguardingConcern, RegExp][] = [
  [
    'abuse',
    /\b(?<!(?:substance|alcohol|drug|drugs) )abus(?:e|ed|es|ing|ive)\b|\bsexually (?:assaulted|touched|abused)\b|\btouched (?:me|him|her) inappropriately\b|\binappropriate(?:ly)? touch(?:ed|ing)?\b|\b(?:raped|molested|groped)\b/gi,
  ],
  [
    'financial_abuse',
    new RegExp(
      `\\b(?:(?:keeps|kept|keep) )?(?:taking|took|takes|stealing|stole|steals|stolen|helping (?:himself|herself|themselves) to) ${POSSESSIVE} (?:money|pension|benefits?|savings|cash|bank ?card|purse|wallet|jewellery|rings?)\\b|\\bmoney (?:has |had |keeps )?(?:gone|going|went) missing\\b`,
      'gi'
    ),
  ],
  [
    'neglect',
    new RegExp(
      `\\bneglect(?:ed|ing|s)?\\b|\\bleft (?:${PERSON}|lying) (?:lying )?in (?:${POSSESSIVE} )?(?:own )?(?:urine|faeces|mess|wee|poo|soiled)|\\b(?:stopped|not|isn't|wasn't|hasn't been|haven't been|hadn't been) eating(?=\\s*(?:[.,;!?]|and\\b|or\\b|$))|\\bnot (?:been )?(?:given|offered) (?:any )?(?:food|water|a drink|anything to (?:eat|drink))|\\bleft (?:alone )?without (?:food|water|a drink)|\\b(?:starving|dehydrated)\\b|\\bleft (?:${PERSON} )?alone for (?:hours|days)\\b|\\bbed ?sores\\b|\\bnot (?:been )?washed for\\b`,
      'gi'
    ),
  ],
  [
    'self_harm',
    /\bself[- ]?harm(?:s|ed|ing)?\b|\b(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harming|burn|burning) (?:myself|himself|herself|themselves)\b|\boverdos(?:e|ed|es|ing)\b/gi,
  ],
  [
    'suicide',
    /\bsuicid(?:e|al)\b|\bkill (?:myself|himself|herself|themselves)\b|\b(?:end|ending|take|taking) (?:my|his|her|their) (?:own )?life\b|\b(?:don't|do not|didn't|did not|doesn't|does not) want to (?:live|be here|go on)(?! (?:in|with|near|at|there|here|alone))\b|\bbetter off dead\b|\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b/gi,
  ],
  [
    'violence',
    new RegExp(
      `\\bviolen(?:t|ce)\\b|(?<!(?:heart|panic|anxiety|asthma|angina|gout|migraine) )\\battack(?:ed|ing|s)? (?:${PERSON})\\b|\\b(?:assaulted|punched|slapped|kicked|strangled|choked|beaten|beat|hit|hits|hitting|smacked|shoved) (?:${PERSON})\\b|\\bpushed (?:${PERSON}) (?:over|down|around|into|against|to the (?:floor|ground))\\b|\\bwith a (?:knife|weapon)\\b|\\bthreat(?:en|ened|ening)? to (?:kill|hurt|hit)\\b|\\bbruis(?:es|ed|ing) (?:on|all over)\\b`,
      'gi'
    ),
  ],
  [
    'not_safe',
    /\b(?:not|never|n't|no longer) (?:feel(?:s|ing)? |felt |be |being |was |is |were |are |been )?safe\b|\bunsafe\b|\bin danger\b|\b(?:scared|afraid|frightened|terrified) (?:of (?:him|her|them|my (?:husband|wife|partner|son|daughter|carer|neighbour))|to go home)\b/gi,
  ],
]

function* matches(pattern: RegExp, text: string) {
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) yield match
}

export function scanForSafeguarding(text: string): SafeguardingCue[] {
  const found: SafeguardingCue[] = []
  for (const [concern, pattern] of CUES) {
    for (const match of matches(pattern, text)) {
      const start = match.index
      const end = start + match[0].length
      if (found.some((cue) => start < cue.end && end > cue.start)) continue
      found.push({ kind: 'safeguarding', concern, start, end, text: match[0] })
    }
  }
  return found.sort((a, b) => a.start - b.start)
}
