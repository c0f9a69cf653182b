import { test } from '@japa/runner'
import BenchmarkStories from '#commands/benchmark_stories'
import BenchmarkDirectory from '#commands/benchmark_directory'
import { refused, runCommand } from '#tests/helpers/commands'

/* The benchmarks themselves are run by hand (README); here only their input is checked. */
test.group('Benchmark commands', () => {
  test('a size that is not a whole number in range is refused before anything is built', async ({
    assert,
  }) => {
    for (const value of ['12', '2.5', '99999999'])
      await refused(
        assert,
        BenchmarkStories,
        [`--stories=${value}`],
        '--stories must be a whole number'
      )
    await refused(
      assert,
      BenchmarkDirectory,
      ['--services=-1'],
      '--services must be a whole number'
    )
    /* Not a number at all: ace's own flag parser refuses it. */
    await assert.rejects(
      () => runCommand(BenchmarkStories, ['--stories=abc']),
      /The "stories" flag accepts a "numeric" value/
    )
  })
})
