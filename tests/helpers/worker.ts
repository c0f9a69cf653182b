/**
 * A real `queue:work` process for the tests that kill and restart a
 * worker. It inherits the test process's DB_* settings, so it uses the test
 * database; it cannot see the rolled-back transaction other tests use.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import app from '@adonisjs/core/services/app'

export function startWorker(args: string[]) {
  const child = spawn(process.execPath, ['ace.js', 'queue:work', ...args], {
    cwd: fileURLToPath(app.appRoot),
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk) => (output.stdout += chunk))
  child.stderr.on('data', (chunk) => (output.stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  )
  return { child, output, exited }
}
