/**
 * Running ace commands in the test process and checking what they printed.
 */
import app from '@adonisjs/core/services/app'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { Assert } from '@japa/assert'

type CommandClass = typeof BaseCommand

/** Runs an ace command in this process and collects what it printed. */
export async function runCommand(command: CommandClass, argv: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const instance = await ace.create(command, argv)
  await instance.exec()
  const logs = instance.logger.getLogs()
  return {
    command: instance,
    stdout: logs.filter((log) => log.stream === 'stdout').map((log) => log.message),
    stderr: logs.filter((log) => log.stream === 'stderr').map((log) => log.message),
  }
}

/** Runs a command that must succeed, with one confirmation line and no error. */
export async function succeeds(command: CommandClass, argv: string[]) {
  const result = await runCommand(command, argv)
  if (result.command.error) throw result.command.error
  result.command.assertSucceeded()
  if (result.stderr.length > 0) throw new Error(`Unexpected error output: ${result.stderr}`)
  return result
}

/** Runs a command that must be refused: exit code 1 and exactly one error line. */
export async function refused(
  assert: Assert,
  command: CommandClass,
  argv: string[],
  message: string
) {
  const result = await runCommand(command, argv)
  result.command.assertFailed()
  assert.equal(result.command.exitCode, 1)
  assert.isUndefined(result.command.error, 'the command must not crash')
  assert.lengthOf(result.stderr, 1)
  assert.include(result.stderr[0], message)
  assert.notInclude(result.stderr[0], '\n')
  assert.lengthOf(result.stdout, 0)
  return result
}
