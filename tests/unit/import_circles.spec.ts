/*
 * No import circles in app/: a module that (through others) imports itself
 * sees half-initialised bindings, and the fix is a better home for a rule,
 * never a dynamic import. Dynamic `import()` calls count as imports here,
 * so hiding a circle behind one fails too; type-only imports are erased
 * at run time and do not count.
 *
 * One kind is allowed: models relating to each other (Tenant has many
 * TenantDomain, which belongs to Tenant). Lucid relations name the other
 * model in a thunk (`() => TenantDomain`) run after both modules loaded,
 * which is Lucid's documented way and safe; such circles stay inside
 * app/models/.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from '@japa/runner'

const root = resolve(import.meta.dirname, '../..')
const aliases = Object.entries(
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports as Record<string, string>
)

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveSpecifier(specifier: string, from: string): string | null {
  let target: string | null = null
  if (specifier.startsWith('.')) target = resolve(dirname(from), specifier)
  for (const [alias, path] of aliases) {
    const prefix = alias.replace('*', '')
    if (specifier.startsWith(prefix))
      target = join(root, path.replace('*', specifier.slice(prefix.length)))
  }
  if (!target) return null
  const ts = target.replace(/\.js$/, '.ts')
  for (const candidate of [ts, `${ts}.ts`, join(ts, 'index.ts')])
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate
  return null
}

const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/gm
const BARE = /^\s*import\s+['"]([^'"]+)['"]/gm
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

/** The specifiers of the modules a source needs at run time. */
function runtimeSpecifiers(source: string) {
  const found: string[] = []
  for (const match of source.matchAll(STATIC)) {
    const [, , typeOnly, clause, specifier] = match
    if (typeOnly) continue
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1]
    const allTypes =
      names !== undefined &&
      names.trim() !== '' &&
      names
        .split(',')
        .filter((name) => name.trim())
        .every((name) => name.trim().startsWith('type '))
    if (!allTypes) found.push(specifier)
  }
  for (const match of source.matchAll(BARE)) found.push(match[1])
  for (const match of source.matchAll(DYNAMIC)) found.push(match[1])
  return found
}

/** The files under the project a file needs at run time. */
function runtimeImports(file: string, source: string) {
  return runtimeSpecifiers(source)
    .map((specifier) => resolveSpecifier(specifier, file))
    .filter((path): path is string => path !== null)
}

/** Every circle of the graph restricted to `files` (Tarjan's strongly connected components). */
function circles(graph: Map<string, string[]>) {
  let index = 0
  const stack: string[] = []
  const onStack = new Set<string>()
  const indices = new Map<string, number>()
  const lowlinks = new Map<string, number>()
  const found: string[][] = []
  const visit = (node: string) => {
    indices.set(node, index)
    lowlinks.set(node, index++)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      if (!indices.has(next)) {
        visit(next)
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!))
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!))
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      const selfLoop = (graph.get(node) ?? []).includes(node)
      if (component.length > 1 || selfLoop) found.push(component.sort())
    }
  }
  for (const node of graph.keys()) if (!indices.has(node)) visit(node)
  return found
}

test.group('Import circles', () => {
  test('no module under app/ or start/ imports itself through others', ({ assert }) => {
    const graph = new Map<string, string[]>()
    /* start/ too: the old circle ran app/services → start/mail_queue → start/jobs → back. */
    for (const file of [...filesUnder(join(root, 'app')), ...filesUnder(join(root, 'start'))])
      graph.set(file, runtimeImports(file, readFileSync(file, 'utf8')))
    assert.isAbove(graph.size, 50)
    const betweenModels = (component: string[]) =>
      component.every((file) => relative(root, file).startsWith('app/models/'))
    const found = circles(graph)
      .filter((component) => !betweenModels(component))
      .map((component) => component.map((file) => relative(root, file)).join(' → '))
    assert.deepEqual(found, [])
  })

  test('the walker sees a circle, even one behind a dynamic import, and not a type-only one', ({
    assert,
  }) => {
    const a = '#services/a'
    const b = '#services/b'
    const source = (specifier: string, form: 'static' | 'dynamic' | 'type') =>
      form === 'static'
        ? `import { x } from '${specifier}'`
        : form === 'type'
          ? `import type { X } from '${specifier}'\nimport { type Y } from '${specifier}'`
          : `async function f() { await import('${specifier}') }`
    const graphOf = (form: 'static' | 'dynamic' | 'type') =>
      new Map([
        [a, [b]],
        [b, runtimeSpecifiers(source(a, form))],
      ])
    assert.lengthOf(circles(graphOf('static')), 1)
    assert.lengthOf(circles(graphOf('dynamic')), 1)
    assert.lengthOf(circles(graphOf('type')), 0)
  })
})
