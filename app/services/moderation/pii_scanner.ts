/**
 * Finds likely personal data in story text for a moderator to remove:
 * emails, UK phone numbers, NHS numbers (check digit verified), CHI numbers
 * (a valid date of birth first), postcodes, dates of birth, street
 * addresses, hospital numbers and people's names (after a title, after
 * "called"/"named", or a common first name with a surname).
 *
 * It only suggests: it never edits text. Offsets are UTF-16 code units as
 * JavaScript strings count them, `end` exclusive. Ordinary story text (ward
 * numbers, times, durations, doses) is deliberately left alone.
 */

export type PiiKind =
  | 'email'
  | 'phone'
  | 'nhs_number'
  | 'chi_number'
  | 'postcode'
  | 'date_of_birth'
  | 'street_address'
  | 'hospital_number'
  | 'person_name'

export type PiiFinding = { kind: PiiKind; start: number; end: number; text: string }

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const PHONE = /(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)/g
const TEN_DIGITS =
  /(?<![\w/.-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w/.-])|(?<![\w/.-])(\d{6})[ -]?(\d{4})(?![\w/.-])/g
const POSTCODE =
  /\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|[a-z]{1,2}[0-9][a-z0-9]?) ?[0-9](?:[A-Z]{2}|[a-z]{2})\b/g
const DOB =
  /\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday(?: is| was)?)[:\s]+((?:\d{1,2}(?:st|nd|rd|th)?[\s/.-](?:\d{1,2}|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)[\s/.-]\d{2,4})|(?:\d{4}-\d{2}-\d{2}))/gi
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

  for (const match of matches(TEN_DIGITS, text)) {
    const digits = match[0].replace(/\D/g, '')
    if (isValidDate(Number(digits.slice(0, 2)), Number(digits.slice(2, 4)))) {
      add('chi_number', match.index, match.index + match[0].length)
    } else if (nhsCheckDigitValid(digits)) {
      add('nhs_number', match.index, match.index + match[0].length)
    }
  }

  for (const match of matches(PHONE, text)) {
    const digits = match[0].replace(/\D/g, '').replace(/^44/, '0')
    if (digits.length >= 10 && digits.length <= 11)
      add('phone', match.index, match.index + match[0].length)
  }

  for (const match of matches(POSTCODE, text))
    add('postcode', match.index, match.index + match[0].length)
  for (const match of matches(DOB, text)) {
    const span = groupSpan(match)
    add('date_of_birth', span.start, span.end)
  }
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
  for (const match of matches(FULL_NAME, text)) {
    if (FIRST_NAMES.has(match[1]) && !NOT_SURNAMES.has(match[2])) {
      add('person_name', match.index, match.index + match[0].length)
    }
  }

  return withoutOverlaps(found)
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
