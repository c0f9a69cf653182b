import { test } from '@japa/runner'
import { scanForPii, type PiiKind } from '#services/moderation/pii_scanner'

/** Invented stories, each with the personal data a moderator must remove. */
const CORPUS: { text: string; expected: [PiiKind, string][] }[] = [
  {
    text: 'Dr Okafor said my NHS number 943 476 5919 was wrong',
    expected: [
      ['person_name', 'Dr Okafor'],
      ['nhs_number', '943 476 5919'],
    ],
  },
  {
    text: 'My mum (DOB 12/03/1941, CHI 1203411234) was on Ward 6 for 3 days. Nurse Fiona McLeod was lovely.',
    expected: [
      ['date_of_birth', '12/03/1941'],
      ['chi_number', '1203411234'],
      ['person_name', 'Nurse Fiona McLeod'],
    ],
  },
  {
    text: 'Please call me on 07700 900123 or email jo.bloggs@example.com, I live at 14 Station Road, Kirkcaldy KY1 2AB.',
    expected: [
      ['phone', '07700 900123'],
      ['email', 'jo.bloggs@example.com'],
      ['street_address', '14 Station Road'],
      ['postcode', 'KY1 2AB'],
    ],
  },
  {
    text: 'The midwife Sarah was kind, but a porter called Gary shouted at us. My hospital number is K123456.',
    expected: [
      ['person_name', 'midwife Sarah'],
      ['person_name', 'called Gary'],
      ['hospital_number', 'K123456'],
    ],
  },
  {
    text: 'My husband John Paterson was born on 3 March 1948 and phoned +44 1592 643355 for hours.',
    expected: [
      ['person_name', 'John Paterson'],
      ['date_of_birth', '3 March 1948'],
      ['phone', '+44 1592 643355'],
    ],
  },
  {
    text: "Mrs O'Neill at reception and Professor McDonald-Hughes both listened. Post to ky2 5ah please.",
    expected: [
      ['person_name', "Mrs O'Neill"],
      ['person_name', 'Professor McDonald-Hughes'],
      ['postcode', 'ky2 5ah'],
    ],
  },
]

/** Ordinary story text that must raise no flag. */
const CLEAN = [
  'I was in Ward 6 at Victoria Hospital from 10:30 until 2pm, about 3 and a half hours.',
  'They gave me 500mg of paracetamol every 4 hours and 2 x 20ml doses of lactulose.',
  'The Emergency Department at Queen Margaret Hospital saw me within 45 minutes on 12 March.',
  'Room 12, bed 4. My blood pressure was 140/90 and my temperature 37.8.',
  'I waited 2 weeks for a call back from the Care at Home Service in Fife.',
  'The staff on the Maternity Unit were wonderful and the food was fine.',
]

function found(text: string) {
  return scanForPii(text).map((finding) => [finding.kind, finding.text] as [PiiKind, string])
}

test.group('Personal data scanner', () => {
  for (const [index, story] of CORPUS.entries()) {
    test(`finds every item in invented story ${index + 1}`, ({ assert }) => {
      assert.sameDeepMembers(found(story.text), story.expected)
    })
  }

  test('ordinary story text raises no flags', ({ assert }) => {
    for (const text of CLEAN) assert.deepEqual(found(text), [], text)
  })

  test('offsets are UTF-16 code units, end exclusive', ({ assert }) => {
    const text = '😀 Café: Dr Okafor, 943 476 5919'
    for (const finding of scanForPii(text)) {
      assert.equal(text.slice(finding.start, finding.end), finding.text)
    }
    assert.equal(scanForPii(text)[0].start, text.indexOf('Dr Okafor'))
  })

  test('a number with a wrong check digit is not an NHS number', ({ assert }) => {
    assert.deepEqual(found('reference 943 476 5918'), [])
  })

  test('recall over the corpus is complete and the clean texts stay clean', ({ assert }) => {
    const expected = CORPUS.flatMap((story) => story.expected).length
    const hits = CORPUS.reduce(
      (total, story) =>
        total +
        story.expected.filter(([kind, text]) =>
          found(story.text).some(([k, t]) => k === kind && t === text)
        ).length,
      0
    )
    assert.equal(hits, expected)
    assert.equal(CLEAN.flatMap(found).length, 0)
  })
})
