import { test } from '@japa/runner'
import { unstorableArgument } from '#lib/command_input'

test.group('Command arguments', () => {
  test('ordinary arguments, Welsh and multi-line notices pass', ({ assert }) => {
    assert.isNull(
      unstorableArgument(['tenant:update', 'fife', '--name', 'Gofal Cymru', '--notice=one\ntwo'])
    )
  })

  test('a NUL in a flag value is refused with one line naming the flag', ({ assert }) => {
    const line = unstorableArgument(['tenant:update', 'fife', '--name', 'Fi\u0000fe'])
    assert.equal(
      line,
      '--name contains characters that cannot be stored ("Fi?fe": a NUL or other control character, or a lone surrogate): remove them and try again'
    )
  })

  test('control characters and lone surrogates anywhere are refused', ({ assert }) => {
    assert.include(unstorableArgument(['tenant:suspend', 'fi\u001bfe']), 'argument 2 contains')
    assert.include(
      unstorableArgument(['user:create', '--email=a\ud800@x.test']),
      '--email contains'
    )
  })
})
