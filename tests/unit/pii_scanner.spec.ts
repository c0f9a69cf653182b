import { test } from '@japa/runner'
import { scanForPii, type PiiKind } from '#services/moderation/pii_scanner'
import { scanForModeration } from '#services/moderation/moderation_flags'

type FlagKind = PiiKind | 'safeguarding'

/** Invented stories, each with the personal data a moderator must remove. */
const CORPUS: { text: string; expected: [FlagKind, string][] }[] = [
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
  {
    text: 'My husband Graham, CHI 0304 91 2271, born 21.11.1948, says a neighbour keeps taking his pension and he has stopped eating',
    expected: [
      ['person_name', 'Graham'],
      ['chi_number', '0304 91 2271'],
      ['date_of_birth', '21.11.1948'],
      ['safeguarding', 'keeps taking his pension'],
      ['safeguarding', 'stopped eating'],
    ],
  },
  {
    text: 'The physio, Oluwaseun, said my CHI was 030491-2271 and my wife Aroha would be told.',
    expected: [
      ['person_name', 'Oluwaseun'],
      ['chi_number', '030491-2271'],
      ['person_name', 'Aroha'],
    ],
  },
  {
    text: 'Dad (born 21/11/48) was seen by the consultant Dr Baptiste. His number is 4857 73 4568.',
    expected: [
      ['date_of_birth', '21/11/48'],
      ['person_name', 'consultant Dr Baptiste'],
      ['possible_nhs_number', '4857 73 4568'],
    ],
  },
  {
    text: 'My gran was born on the 21st November 1948 and her carer Precious was wonderful.',
    expected: [
      ['date_of_birth', '21st November 1948'],
      ['person_name', 'Precious'],
    ],
  },
  {
    text: 'My son Tadhg, 15 06 12 3344 on his wristband, said he wants to kill himself.',
    expected: [
      ['person_name', 'Tadhg'],
      ['chi_number', '15 06 12 3344'],
      ['safeguarding', 'kill himself'],
    ],
  },
  {
    text: 'Mum told me she does not feel safe at home. Her partner hit her and she had bruises on her arms.',
    expected: [
      ['safeguarding', 'not feel safe'],
      ['safeguarding', 'hit her'],
      ['safeguarding', 'bruises on'],
    ],
  },
  {
    text: 'She was left lying in her own urine for hours and was not given any water. It felt like neglect.',
    expected: [
      ['safeguarding', 'left lying in her own urine'],
      ['safeguarding', 'not given any water'],
      ['safeguarding', 'neglect'],
    ],
  },
  {
    text: 'My daughter has been self-harming and took an overdose last month; she said she is suicidal.',
    expected: [
      ['safeguarding', 'self-harming'],
      ['safeguarding', 'overdose'],
      ['safeguarding', 'suicidal'],
    ],
  },
  {
    text: 'Another resident became violent and attacked my dad. Staff said it was verbal abuse before that.',
    expected: [
      ['safeguarding', 'violent'],
      ['safeguarding', 'attacked my dad'],
      ['safeguarding', 'abuse'],
    ],
  },
  {
    text: "My NHS number 4505 577 105 was on the letter. He is scared to go home and doesn't want to live.",
    expected: [
      ['possible_nhs_number', '4505 577 105'],
      ['safeguarding', 'scared to go home'],
      ['safeguarding', "doesn't want to live"],
    ],
  },
  {
    text: 'My brother Wojciech rang 0131 496 0000. His date of birth is November 3rd, 1951.',
    expected: [
      ['person_name', 'Wojciech'],
      ['phone', '0131 496 0000'],
      ['date_of_birth', 'November 3rd, 1951'],
    ],
  },
]

/** Ordinary story text that must raise no flag. */
const CLEAN = [
  'The nurse made me feel safe and the ward was calm.',
  'I was not in pain after the operation and went home the next day.',
  'My dad had a heart attack in March; the paramedics were brilliant.',
  'She had a panic attack in the waiting room and the receptionist sat with her.',
  'I hit the call button and someone came within a minute.',
  'They were taking his blood pressure every hour through the night.',
  'The physio pushed me to do my exercises and I am glad she did.',
  'I stopped eating meat years ago and the kitchen had a vegetarian option.',
  'My husband was kept safe and comfortable at the end.',
  'The doctor explained everything and my wife and I felt listened to.',
  'We felt safe leaving Mum there.',
  'Appointment letter came on 12/03/2025, two weeks before the clinic.',
  'The staff on Ward 12 were kind to my son and daughter.',
  'Our GP Practice in Leven saw us the same day.',
  'I have been a carer for my mother for 8 years.',
  'I was in Ward 6 at Victoria Hospital from 10:30 until 2pm, about 3 and a half hours.',
  'They gave me 500mg of paracetamol every 4 hours and 2 x 20ml doses of lactulose.',
  'The Emergency Department at Queen Margaret Hospital saw me within 45 minutes on 12 March.',
  'Room 12, bed 4. My blood pressure was 140/90 and my temperature 37.8.',
  'I waited 2 weeks for a call back from the Care at Home Service in Fife.',
  'The staff on the Maternity Unit were wonderful and the food was fine.',
]

function found(text: string) {
  return scanForModeration(text).map(
    (finding) => [finding.kind, finding.text] as [FlagKind, string]
  )
}

/** Recall over the corpus and false alarms over the clean texts, for the test output. */
function measure() {
  const expected = CORPUS.flatMap((story) => story.expected).length
  let hits = 0
  let extra = 0
  for (const story of CORPUS) {
    const flags = found(story.text)
    hits += story.expected.filter(([kind, text]) =>
      flags.some(([k, t]) => k === kind && t === text)
    ).length
    extra += flags.filter(
      ([kind, text]) => !story.expected.some(([k, t]) => k === kind && t === text)
    ).length
  }
  const falseAlarms = CLEAN.flatMap(found).length + extra
  return { expected, hits, falseAlarms }
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

  test('a number with a wrong check digit is still a possible NHS number', ({ assert }) => {
    assert.deepEqual(found('reference 943 476 5918'), [['possible_nhs_number', '943 476 5918']])
    assert.deepEqual(found('NHS number 943 476 5919'), [['nhs_number', '943 476 5919']])
  })

  test('a CHI-shaped number is a CHI number whatever its check digit, never a phone number', ({
    assert,
  }) => {
    for (const text of [
      '0304912271',
      '0304 91 2271',
      '030491-2271',
      '030491 2271',
      '03 04 91 2271',
    ]) {
      assert.deepEqual(found(`CHI ${text}`), [['chi_number', text]], text)
      assert.deepEqual(found(`number ${text} today`), [['chi_number', text]], text)
    }
  })

  test('a date of birth is found in numeric and written forms', ({ assert }) => {
    for (const date of [
      '21.11.1948',
      '21/11/48',
      '21-11-1948',
      '21st November 1948',
      '21 Nov 1948',
      'November 21st, 1948',
      '1948-11-21',
      '21st Nov 48',
    ]) {
      assert.deepEqual(found(`born ${date}`), [['date_of_birth', date]], date)
    }
    assert.deepEqual(found('born 31/02/48'), [], 'not a date')
  })

  test('personal data only, for moderation:scan-pii', ({ assert }) => {
    const kinds = scanForPii(CORPUS[6].text).map((finding) => finding.kind)
    assert.notInclude(kinds, 'safeguarding')
    assert.includeMembers(kinds, ['person_name', 'chi_number', 'date_of_birth'])
  })

  test('recall over the corpus is complete and false alarms stay at none', ({ assert }) => {
    const { expected, hits, falseAlarms } = measure()
    console.log(
      `  moderation aid: recall ${hits}/${expected} (${Math.round((hits / expected) * 100)}%), ` +
        `false alarms ${falseAlarms} over ${CORPUS.length} flagged and ${CLEAN.length} clean texts`
    )
    assert.equal(hits, expected)
    assert.equal(falseAlarms, 0)
  })
})
