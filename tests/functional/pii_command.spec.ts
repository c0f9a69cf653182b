import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

function scan(input: string | Buffer, command = 'moderation:scan-pii') {
  return spawnSync(process.execPath, ['ace.js', command], {
    cwd: root,
    env: process.env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  })
}

test.group('moderation:scan-pii', () => {
  test('prints both findings of the contract example with correct offsets', ({ assert }) => {
    const result = scan('Dr Okafor said my NHS number 943 476 5919 was wrong\n')
    assert.equal(result.status, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), [
      { kind: 'person_name', start: 0, end: 9, text: 'Dr Okafor' },
      { kind: 'nhs_number', start: 29, end: 41, text: '943 476 5919' },
    ])
  })

  test('refuses invalid UTF-8 with one clear line', ({ assert }) => {
    const result = scan(Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x6f]))
    assert.equal(result.status, 1)
    assert.equal(result.stdout, '')
    assert.lengthOf(result.stderr.trim().split('\n'), 1)
    assert.include(result.stderr, 'not valid UTF-8')
  })

  test('prints an empty list for clean or empty text', ({ assert }) => {
    assert.deepEqual(JSON.parse(scan('').stdout), [])
    assert.deepEqual(JSON.parse(scan('Ward 6 at 10:30, 500mg twice a day.').stdout), [])
  })
})

test.group('moderation:scan', () => {
  test('prints the name, CHI number, date of birth and safeguarding cues of the issue example', ({
    assert,
  }) => {
    const text =
      'My husband Graham, CHI 0304 91 2271, born 21.11.1948, says a neighbour keeps taking his pension and he has stopped eating\n'
    const result = scan(text, 'moderation:scan')
    assert.equal(result.status, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), [
      { kind: 'person_name', start: 11, end: 17, text: 'Graham' },
      { kind: 'chi_number', start: 23, end: 35, text: '0304 91 2271' },
      { kind: 'date_of_birth', start: 42, end: 52, text: '21.11.1948' },
      { kind: 'safeguarding', start: 71, end: 95, text: 'keeps taking his pension' },
      { kind: 'safeguarding', start: 107, end: 121, text: 'stopped eating' },
    ])
  })

  test('moderation:scan-pii prints the same personal data and no safeguarding cue', ({
    assert,
  }) => {
    const result = scan('My husband Graham says a neighbour keeps taking his pension\n')
    assert.deepEqual(JSON.parse(result.stdout), [
      { kind: 'person_name', start: 11, end: 17, text: 'Graham' },
    ])
  })

  test('refuses invalid UTF-8 like moderation:scan-pii', ({ assert }) => {
    const result = scan(Buffer.from([0x66, 0xff]), 'moderation:scan')
    assert.equal(result.status, 1)
    assert.include(result.stderr, 'not valid UTF-8')
  })
})
