/**
 * Every ace command refuses an argument that cannot be stored, with one
 * clear line and exit code 1, before it touches the database. Runs the
 * real `node ace.js` process, as an operator would. (A NUL itself cannot
 * travel through a process's arguments at all; the unit test of the rule
 * covers it.)
 */
import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'

function ace(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: fileURLToPath(app.appRoot),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

test.group('Command arguments', () => {
  test('a control character in a command argument gets one clear line and exit 1', async ({
    assert,
  }) => {
    for (const args of [
      ['tenant:update', 'fife', '--name', 'Fi\u001b[2Jfe'],
      ['tenant:create', '--slug', 'x', '--name=Bell\u0007', '--domain', 'x.localhost'],
    ]) {
      const result = await ace(args)
      assert.equal(result.code, 1, args.join(' '))
      assert.equal(result.stdout, '')
      const lines = result.stderr.trim().split('\n')
      assert.lengthOf(lines, 1, result.stderr)
      assert.include(lines[0], 'contains characters that cannot be stored')
    }
  })

  test('the process boundary cannot carry a NUL at all', async ({ assert }) => {
    assert.throws(() => spawn(process.execPath, ['ace.js', 'tenant:list', 'a\u0000']))
  })
})
