import { test } from '@japa/runner'
import { Batcher } from '#lib/batcher'

test.group('Batcher', () => {
  test('askers arriving while a run is going share the next run, each with its own result', async ({
    assert,
  }) => {
    const runs: number[][] = []
    let release!: () => void
    const first = new Promise<void>((resolve) => (release = resolve))
    const batcher = new Batcher<number, number>(async (_key, items) => {
      runs.push(items)
      if (runs.length === 1) await first
      return items.map((item) => item * 10)
    }, 3)
    const asked = [batcher.ask('a', 1)]
    for (const item of [2, 3, 4, 5]) asked.push(batcher.ask('a', item))
    const other = batcher.ask('b', 9)
    release()
    assert.deepEqual(await Promise.all(asked), [10, 20, 30, 40, 50])
    assert.equal(await other, 90)
    assert.deepEqual(runs, [[1], [9], [2, 3, 4], [5]], 'one run at a time per key, at most 3')
  })

  test('a failed run rejects only the askers it served', async ({ assert }) => {
    let calls = 0
    const batcher = new Batcher<string, string>(async (_key, items) => {
      calls++
      if (calls === 1) throw new Error('the database went away')
      return items.map((item) => item.toUpperCase())
    })
    const failed = batcher.ask('k', 'x')
    const later = batcher.ask('k', 'y')
    await assert.rejects(() => failed, 'the database went away')
    assert.equal(await later, 'Y')
  })
})
