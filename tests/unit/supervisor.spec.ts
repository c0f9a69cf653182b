import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { Supervisor, type SupervisorOptions } from '../../bin/supervisor.ts'

/** A tiny child: `crash` exits with code 3 at once, `run` stays up until killed. */
function child(kind: 'crash' | 'run') {
  const script = kind === 'crash' ? 'process.exit(3)' : 'setInterval(() => {}, 1000)'
  return spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
}

async function until(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) await sleep(10)
  return condition()
}

function supervise(options: Partial<SupervisorOptions> & Pick<SupervisorOptions, 'spawn'>) {
  const lines: string[] = []
  const supervisor = new Supervisor({
    label: 'web server',
    log: (line) => lines.push(line),
    backoffMs: () => 20,
    ...options,
  })
  return { supervisor, lines }
}

test.group('Dev supervisor', () => {
  test('a crashed child is restarted, with a line saying so', async ({ assert }) => {
    let spawned = 0
    const { supervisor, lines } = supervise({
      spawn: () => child(++spawned === 1 ? 'crash' : 'run'),
    })
    supervisor.start()
    assert.isTrue(await until(() => spawned === 2 && supervisor.child !== null))
    assert.lengthOf(lines, 1)
    assert.match(lines[0], /^• The web server stopped \(exit code 3\): restarting it in 0\.0 s/)
    await supervisor.stop()
    assert.isNull(supervisor.child)
    await sleep(50)
    assert.equal(spawned, 2, 'not restarted after being stopped')
    assert.lengthOf(lines, 1)
  })

  test('gives up after too many crashes in a short time', async ({ assert }) => {
    let spawned = 0
    let gaveUp = false
    const { supervisor, lines } = supervise({
      spawn: () => (spawned++, child('crash')),
      maxCrashes: 3,
      windowMs: 60_000,
      onGiveUp: () => (gaveUp = true),
    })
    supervisor.start()
    assert.isTrue(await until(() => gaveUp))
    await sleep(100)
    assert.equal(spawned, 3)
    assert.isTrue(supervisor.gaveUp)
    assert.lengthOf(lines, 3)
    assert.include(lines[2], 'stopped (exit code 3) 3 times within 60 s: not restarting it again')
  })

  test('crashes far apart never add up to giving up', async ({ assert }) => {
    let spawned = 0
    const { supervisor } = supervise({
      spawn: () => (spawned++, child('crash')),
      maxCrashes: 2,
      windowMs: 30,
      backoffMs: () => 80,
    })
    supervisor.start()
    assert.isTrue(await until(() => spawned >= 4))
    assert.isFalse(supervisor.gaveUp)
    await supervisor.stop()
  })

  test('a child that stops answering its liveness probe is restarted', async ({ assert }) => {
    let spawned = 0
    let answering = true
    const { supervisor, lines } = supervise({
      spawn: () => (spawned++, child('run')),
      probe: { isAlive: async () => answering, intervalMs: 10, failures: 2 },
    })
    supervisor.start()
    await sleep(50)
    answering = false
    assert.isTrue(await until(() => spawned === 2))
    answering = true
    assert.include(lines[0], 'The web server stopped answering: stopping it')
    assert.match(lines[1], /The web server stopped \(signal SIGTERM\): restarting it/)
    await supervisor.stop()
  })
})
