/*
 * Controllers stay thin: an action validates, authorises, calls one domain
 * operation and responds. One that grows past about twenty lines is doing
 * the domain's work (assembling page data, writing several rows, deciding)
 * and that work belongs in app/services. Lines are counted on the source,
 * as a reader sees them, from the method's name to its closing brace.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { test } from '@japa/runner'

const root = resolve(import.meta.dirname, '../..')
const MAX_ACTION_LINES = 20

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** Every method of every class in the file, with its length in lines. */
export function methodLengths(file: string, source: string) {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true)
  const found: { name: string; lines: number }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isMethodDeclaration(node) && node.body && ts.isClassDeclaration(node.parent)) {
      const start = tree.getLineAndCharacterOfPosition(node.name.getStart(tree)).line
      const end = tree.getLineAndCharacterOfPosition(node.body.getEnd()).line
      found.push({
        name: `${node.parent.name?.text ?? '?'}.${node.name.getText(tree)}`,
        lines: end - start + 1,
      })
    }
    ts.forEachChild(node, visit)
  }
  visit(tree)
  return found
}

test.group('Thin controllers', () => {
  test('the line counter sees a long action', ({ assert }) => {
    const body = Array.from({ length: 25 }, (_, i) => `    const a${i} = ${i}`).join('\n')
    const lengths = methodLengths('x.ts', `class X {\n  async store() {\n${body}\n  }\n}\n`)
    assert.deepEqual(lengths, [{ name: 'X.store', lines: 27 }])
  })

  test(`no controller action is longer than ${MAX_ACTION_LINES} lines`, ({ assert }) => {
    const folder = join(root, 'app/controllers')
    const long = filesUnder(folder).flatMap((file) =>
      methodLengths(file, readFileSync(file, 'utf8'))
        .filter((method) => method.lines > MAX_ACTION_LINES)
        .map((method) => `${relative(root, file)} ${method.name}: ${method.lines} lines`)
    )
    assert.deepEqual(long, [])
  })
})
