#!/usr/bin/env node
/*
 * Kept for merges: rewrites imports of a module that was split into focused
 * files. Each `import { a, b } from '<old>'` (and `import type`, and
 * `await import('<old>')` destructuring) becomes one import per new module,
 * by the SPLITS table below. Run it after merging a branch that still
 * imports the old paths:
 *
 *   node scripts/split_module_imports.mjs [--check]
 *
 * With --check it only lists the files that still import an old path.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SPLITS = {
  '#services/notifications/subscriptions': {
    '#services/notifications/subscribing': [
      'forgetUnconfirmedSubscriptions',
      'requestSubscription',
      'confirmSubscription',
      'findByUnsubscribeToken',
      'unsubscribe',
    ],
    '#services/notifications/subscription_targets': [
      'ResolvedTarget',
      'resolveTarget',
      'describeTarget',
      'targetName',
      'targetNames',
      'describeSubscription',
    ],
    '#services/notifications/subscription_tokens': [
      'unsubscribeToken',
      'unsubscribePath',
      'oneClickPath',
      'unsubscribeLinks',
      'rotateUnsubscribeTokens',
    ],
    '#services/notifications/notify_subscribers': ['notifySubscribers'],
  },
  '#services/moderation/moderate_story': {
    /* What stayed: the moderators' state changes. */
    '#services/moderation/moderate_story': [
      'claimStory',
      'correctPublishedStory',
      'saveModeration',
      'publishStory',
      'Rejection',
      'rejectStory',
    ],
    '#services/moderation/moderation_work': [
      'CLAIM_MINUTES',
      'CLAIM_WARNING_MINUTES',
      'moderationRefusal',
      'ModerationEdit',
      'setLinks',
      'lockForWork',
      'record',
      'applyEdit',
    ],
    '#services/moderation/moderation_queue': [
      'QUEUE_FLAGS',
      'QueueFilters',
      'moderationQueue',
      'moderationFigures',
    ],
    '#services/moderation/tell_author': ['tellAuthor', 'askAuthor'],
    '#services/moderation/escalate_story': ['escalateStory'],
    '#services/moderation/story_reports': [
      'hideStory',
      'resolveReports',
      'dismissReports',
      'reportStory',
    ],
  },
}

const FOLDERS = ['app', 'commands', 'start', 'tests', 'database', 'providers', 'bin']

function filesUnder(folder) {
  let entries
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : []
  })
}

function moduleOf(table, name) {
  for (const [target, names] of Object.entries(table)) if (names.includes(name)) return target
  throw new Error(`no new home for ${name}`)
}

/** `a`, `type a`, `a as b`: grouped by the module that now exports `a`. */
function regroup(table, specifiers) {
  const groups = new Map()
  for (const raw of specifiers
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const name = raw.replace(/^type\s+/, '').split(/\s+as\s+/)[0]
    const target = moduleOf(table, name)
    groups.set(target, [...(groups.get(target) ?? []), raw])
  }
  return groups
}

export function rewrite(text) {
  let out = text
  for (const [old, table] of Object.entries(SPLITS)) {
    const quoted = old.replace(/[/#]/g, (c) => `\\${c}`)
    const statics = new RegExp(`import (type )?\\{([^}]*)\\} from '${quoted}'\\n?`, 'g')
    out = out.replace(statics, (match, typeOnly = '', specifiers) => {
      const groups = regroup(table, specifiers)
      /* Everything named still lives in the old module: leave the import as it is. */
      if (groups.size === 1 && groups.has(old)) return match
      return [...groups]
        .map(([target, names]) => `import ${typeOnly}{ ${names.join(', ')} } from '${target}'\n`)
        .join('')
    })
    const dynamics = new RegExp(`const \\{([^}]*)\\} = await import\\('${quoted}'\\)`, 'g')
    out = out.replace(dynamics, (match, specifiers) => {
      const groups = regroup(table, specifiers.replace(/:\s*\w+/g, ''))
      if (groups.size === 1 && groups.has(old)) return match
      return [...groups]
        .map(([target, names]) => `const { ${names.join(', ')} } = await import('${target}')`)
        .join('\n')
    })
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check')
  const stale = []
  for (const file of FOLDERS.flatMap(filesUnder)) {
    if (file.endsWith('split_module_imports.mjs')) continue
    const text = readFileSync(file, 'utf8')
    const next = rewrite(text)
    if (next === text) continue
    stale.push(file)
    if (!check) writeFileSync(file, next)
  }
  for (const file of stale) console.log(`${check ? 'imports an old path' : 'rewrote'}: ${file}`)
  if (check && stale.length) process.exitCode = 1
}
