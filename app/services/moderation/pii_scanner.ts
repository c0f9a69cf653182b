/**
 * Finds likely personal data in story text for a moderator to remove:
 * emails, UK phone numbers, NHS numbers (check digit verified; a ten-digit
 * number that fails it is still a possible NHS number, since people mistype
 * them), CHI numbers (a valid date of birth first, check digit not needed
 * for the same reason), in any common grouping, postcodes, dates of birth
 * (numeric and written), street addresses, hospital numbers and people's
 * names (after a title, a kinship or role word, "called"/"named", or a
 * common first name with a surname).
 *
 * It only suggests: it never edits text. Offsets are UTF-16 code units as
 * JavaScript strings count them, `end` exclusive. Ordinary story text (ward
 * numbers, times, durations, doses) is deliberately left alone.
 */

export type PiiKind =
  | 'email'
  | 'phone'
  | 'nhs_number'
  | 'possible_nhs_number'
  | 'chi_number'
  | 'postcode'
  | 'date_of_birth'
  | 'street_address'
  | 'hospital_number'
  | 'person_name'

export type PiiFinding = { kind: PiiKind; start: number; end: number; text: string }

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const PHONE = /(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)/g
/** Ten digits as people write NHS and CHI numbers: 3-3-4, 6-4, 4-2-4, 4-3-3, 2-2-2-4 or unbroken. */
const TEN_DIGITS =
  /(?<![\w/.+-])(?:\d{3}[ -]?\d{3}[ -]?\d{4}|\d{6}[ -]\d{4}|\d{4}[ -]\d{2}[ -]\d{4}|\d{4}[ -]\d{3}[ -]\d{3}|\d{2}[ -]\d{2}[ -]\d{2}[ -]\d{4})(?![\w/-]|\.\d|[ -]\d)/g
/** A label just before a number says which kind it is. */
const NUMBER_LABEL = /\b(CHI|NHS)\b(?:\s*(?:number|no\.?|num\.?))?(?:\s*(?:is|was|:|#))?\s*$/i
const POSTCODE =
  /\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|[a-z]{1,2}[0-9][a-z0-9]?) ?[0-9](?:[A-Z]{2}|[a-z]{2})\b/g
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'
/** Full dates (day, month and year): a date of birth when a cue precedes it or the year is long past. */
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g
const NUMERIC_DATE = /(?<![\w/.:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)/g
const WRITTEN_DATE = new RegExp(
  `\\b(?:(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+(${MONTHS})\\.?|(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?),?\\s+(\\d{4}|'?\\d{2})\\b`,
  'gi'
)
const BIRTH_CUE = /(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday(?: is| was)?)[:\s]*$/i
/** A full date this many years back, with no cue, is taken for a date of birth. */
const BIRTH_YEARS_BACK = 16

const STREET =
  /\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z']+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Crescent|Close|Court|Place|Terrace|Gardens|Way|Grove|Square|Wynd|Brae|Row|Mews|Walk)\b\.?/g
const HOSPITAL_NUMBER =
  /\b(?:hospital (?:number|no\.?)|unit (?:number|no\.?)|MRN|patient (?:number|no\.?)|case (?:number|no\.?))[:\s#]*(?:(?:is|was)\s+)?([A-Z]{0,3}\d[\dA-Z]{4,11})\b/gi

const NAME_WORD = "(?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:-(?:Mc|Mac|O')?[A-Z][a-z]+)*"
const TITLES =
  '(?:Dr\\.?|Doctor|Nurse|Staff Nurse|Sister|Matron|Mr\\.?|Mrs\\.?|Ms\\.?|Miss|Mx\\.?|Professor|Prof\\.?|Midwife|Consultant|Surgeon)'
const TITLED_NAME = new RegExp(`\\b${TITLES}\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`, 'g')
const LOWER_TITLED_NAME = new RegExp(
  `\\b(?:nurse|midwife|sister|doctor|consultant)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`,
  'g'
)
/** Words for a relation or a member of staff, after which a capitalised word is a first name. */
const KIN_AND_ROLE_WORDS = (
  'husband wife partner son daughter mum mother mam dad father brother sister grandson granddaughter ' +
  'gran granny grandma grandmother grandad granddad grandpa grandfather aunt auntie aunty uncle nephew niece ' +
  'cousin friend neighbour fiancé fiancée fiance fiancee boyfriend girlfriend stepson stepdaughter stepmother ' +
  'stepfather baby child wean carer physio physiotherapist GP paramedic porter receptionist surgeon consultant ' +
  'registrar pharmacist OT therapist worker visitor dentist optician radiographer anaesthetist cleaner manager ' +
  'chaplain student technician dietitian doctor nurse midwife HCA assistant'
).split(' ')
const anyCase = (word: string) =>
  /^[a-z]/.test(word) ? `[${word[0].toUpperCase()}${word[0]}]${word.slice(1)}` : word
const KIN_OR_ROLE_NAME = new RegExp(
  `\\b(?:${['my', 'our', 'his', 'her', 'their', 'the', 'a'].map(anyCase).join('|')})\\s+(?:[a-z]+\\s+)?(?:${KIN_AND_ROLE_WORDS.map(anyCase).join('|')})(?:\\s+of\\s+\\d+\\s+years)?,?\\s+(${NAME_WORD})(?:\\s+(${NAME_WORD}))?`,
  'g'
)
/** Capitalised words that follow a kinship or role word without being a name. */
const NOT_FIRST_NAMES = new Set(
  (
    'I The A An And But Or So He She They We It His Her Their My Our Was Were Is Who When Then That This ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
    'August September October November December Christmas Easter NHS GP Ward Hospital Practice Surgery ' +
    'Team Service Services Unit Department Clinic Centre Nurse Doctor Mr Mrs Ms Miss Dr'
  ).split(' ')
)
const CALLED_NAME = new RegExp(
  `\\b(?:called|named|name (?:is|was))\\s+(${NAME_WORD}(?:\\s+${NAME_WORD})?)`,
  'g'
)

/** Common first names: a first name followed by a capitalised word is a full name. */
const FIRST_NAMES = new Set(
  (
    'Aaron Adam Aileen Ailsa Alan Alasdair Alastair Alex Alexander Alice Alison Amanda Amy Andrew Angela Ann Anna Anne Anthony Barbara Ben ' +
    'Brian Bruce Callum Calum Carol Caroline Catherine Charles Charlotte Chloe Chris Christine Claire Colin Craig Daniel David Dawn Debbie ' +
    'Deborah Derek Diane Donald Dorothy Douglas Duncan Eilidh Elaine Eleanor Elizabeth Ellen Emily Emma Eric Euan Ewan Fiona Fraser Gail ' +
    'Gary George Gillian Gordon Graham Grant Hamish Hannah Heather Helen Iain Ian Irene Isla Isobel Jack Jacqueline James Jamie Jane Janet ' +
    'Jean Jennifer Jessica Jill Jim Joan Joanne John Jonathan Joseph Julie Karen Kate Katherine Kathleen Keith Kenneth Kerry Kevin Kirsty ' +
    'Laura Lauren Leah Lesley Linda Lindsay Lisa Lorna Lorraine Louise Lucy Lynn Lynne Malcolm Margaret Maria Marie Mark Martin Mary ' +
    'Matthew Maureen Megan Michael Michelle Moira Morag Nancy Neil Nicola Norma Olivia Patricia Paul Pauline Peter Rachel Rebecca Richard ' +
    'Robert Ross Ruth Ryan Sally Sam Samantha Sandra Sarah Scott Sean Sharon Sheila Shona Simon Sophie Stephen Steven Stuart Susan Thomas ' +
    'Tom Tracy Victoria William Yvonne Zoe Mohammed Muhammad Ahmed Ali Priya Amir Fatima Aisha Olga Piotr Tomasz Agnieszka Kwame Chidi'
  ).split(' ')
)
const FULL_NAME = new RegExp(`\\b(${NAME_WORD})\\s+(${NAME_WORD})\\b`, 'g')
/** Capitalised words that follow a first name in place and service names. */
const NOT_SURNAMES = new Set(
  'Hospital Ward Unit Street Road Centre Center Health Clinic Infirmary Practice House Court Park Surgery Place Bay Hall Wing Suite Department Building Lodge'.split(
    ' '
  )
)

function isValidDate(day: number, month: number) {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  )
}

function nhsCheckDigitValid(digits: string) {
  const sum = [...digits.slice(0, 9)].reduce(
    (total, digit, index) => total + Number(digit) * (10 - index),
    0
  )
  const check = 11 - (sum % 11)
  return (check === 11 ? 0 : check) === Number(digits[9])
}

function* matches(pattern: RegExp, text: string) {
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) yield match
}

/** The span of capture group 1 inside a match, by searching from the match start. */
function groupSpan(match: RegExpExecArray, group = 1) {
  const inner = match[group]
  const offset = match[0].lastIndexOf(inner)
  return { start: match.index + offset, end: match.index + offset + inner.length, text: inner }
}

export function scanForPii(text: string): PiiFinding[] {
  const found: PiiFinding[] = []
  const add = (kind: PiiKind, start: number, end: number) =>
    found.push({ kind, start, end, text: text.slice(start, end) })

  for (const match of matches(EMAIL, text)) add('email', match.index, match.index + match[0].length)

  const identifiers: { start: number; end: number }[] = []
  for (const match of matches(TEN_DIGITS, text)) {
    const kind = tenDigitKind(match[0].replace(/\D/g, ''), text.slice(0, match.index))
    if (!kind) continue
    add(kind, match.index, match.index + match[0].length)
    identifiers.push({ start: match.index, end: match.index + match[0].length })
  }

  for (const match of matches(PHONE, text)) {
    const digits = match[0].replace(/\D/g, '').replace(/^44/, '0')
    const end = match.index + match[0].length
    /* A CHI or NHS number is never also labelled a phone number. */
    const identifier = identifiers.some((span) => match.index < span.end && end > span.start)
    if (digits.length >= 10 && digits.length <= 11 && !identifier) add('phone', match.index, end)
  }

  for (const match of matches(POSTCODE, text))
    add('postcode', match.index, match.index + match[0].length)
  for (const date of fullDates(text)) add('date_of_birth', date.start, date.end)
  for (const match of matches(STREET, text))
    add('street_address', match.index, match.index + match[0].length)
  for (const match of matches(HOSPITAL_NUMBER, text)) {
    const span = groupSpan(match)
    add('hospital_number', span.start, span.end)
  }

  for (const pattern of [TITLED_NAME, LOWER_TITLED_NAME, CALLED_NAME]) {
    for (const match of matches(pattern, text))
      add('person_name', match.index, match.index + match[0].length)
  }
  for (const match of matches(KIN_OR_ROLE_NAME, text)) {
    if (NOT_FIRST_NAMES.has(match[1]) || NOT_SURNAMES.has(match[1])) continue
    const surname = match[2] && !NOT_FIRST_NAMES.has(match[2]) && !NOT_SURNAMES.has(match[2])
    const span = groupSpan(match)
    add('person_name', span.start, surname ? match.index + match[0].length : span.end)
  }
  for (const match of matches(FULL_NAME, text)) {
    if (FIRST_NAMES.has(match[1]) && !NOT_SURNAMES.has(match[2])) {
      add('person_name', match.index, match.index + match[0].length)
    }
  }

  return withoutOverlaps(found)
}

/**
 * What a ten-digit number is. A valid date of birth first makes it a CHI
 * number whatever its check digit; a good check digit an NHS number; a
 * number that could be an NHS number (not starting 0, as phone numbers do)
 * is a possible one. A "CHI" or "NHS" label just before it decides.
 */
function tenDigitKind(digits: string, before: string): PiiKind | null {
  const label = NUMBER_LABEL.exec(before.slice(-24))?.[1]?.toUpperCase()
  const chiShaped = isValidDate(Number(digits.slice(0, 2)), Number(digits.slice(2, 4)))
  if (label === 'CHI' || (chiShaped && label !== 'NHS')) return 'chi_number'
  /* NHS numbers do not start with 0; UK phone numbers do. */
  if (digits.startsWith('0') && label !== 'NHS') return null
  return nhsCheckDigitValid(digits) ? 'nhs_number' : 'possible_nhs_number'
}

/** Full dates that are likely dates of birth, numeric (21.11.1948, 21/11/48) or written. */
function fullDates(text: string) {
  const dates: { start: number; end: number }[] = []
  const thisYear = new Date().getFullYear()
  const fullYear = (year: string) => {
    const digits = Number(year.replace("'", ''))
    if (year.length === 4) return digits
    return digits > thisYear % 100 ? 1900 + digits : 2000 + digits
  }
  const consider = (index: number, length: number, day: number, month: number, year: number) => {
    if (!isValidDate(day, month)) return
    const cued = BIRTH_CUE.test(text.slice(Math.max(0, index - 20), index))
    if (cued || year <= thisYear - BIRTH_YEARS_BACK)
      dates.push({ start: index, end: index + length })
  }
  for (const match of matches(NUMERIC_DATE, text)) {
    consider(match.index, match[0].length, Number(match[1]), Number(match[3]), fullYear(match[4]))
  }
  for (const match of matches(WRITTEN_DATE, text)) {
    const monthName = (match[2] ?? match[3]).slice(0, 3).toLowerCase()
    const month = 'janfebmaraprmayjunjulaugsepoctnovdec'.indexOf(monthName) / 3 + 1
    consider(match.index, match[0].length, Number(match[1] ?? match[4]), month, fullYear(match[5]))
  }
  for (const match of matches(ISO_DATE, text)) {
    consider(match.index, match[0].length, Number(match[3]), Number(match[2]), Number(match[1]))
  }
  return dates
}

/** Keeps the longest finding where two overlap; sorted by position. */
function withoutOverlaps(findings: PiiFinding[]) {
  const sorted = [...findings].sort(
    (a, b) => a.start - b.start || b.end - b.start - (a.end - a.start)
  )
  const kept: PiiFinding[] = []
  for (const finding of sorted) {
    const last = kept[kept.length - 1]
    if (last && finding.start < last.end) {
      if (finding.end - finding.start > last.end - last.start) kept[kept.length - 1] = finding
      continue
    }
    kept.push(finding)
  }
  return kept
}
