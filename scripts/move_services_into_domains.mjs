#!/usr/bin/env node
/*
 * One-off, kept for merges: moves app/services/<file>.ts into its domain
 * folder (git mv) and rewrites every import of it (`#services/<file>`) and
 * every mention of its path in comments. Run it again after merging a branch
 * that still uses the old paths: moved files are skipped, imports rewritten.
 *
 *   node scripts/move_services_into_domains.mjs
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DOMAINS = {
  stories: [
    'submit_story',
    'story_authors',
    'story_listings',
    'story_progress',
    'story_retention',
    'story_secrets',
    'enter_story',
    'invitation_links',
    'author_changes',
  ],
  moderation: [
    'moderate_story',
    'moderation_pages',
    'moderation_policy',
    'pii_scanner',
    'event_texts',
    'moderation_flags',
    'safeguarding_cues',
    'author_disagreement',
  ],
  responses: ['respond', 'staff_inbox', 'responder_coverage'],
  notifications: [
    'staff_alerts',
    'staff_alert_settings',
    'subscriptions',
    'subscription_tokens',
    'feeds',
  ],
  directory: [
    'service_lookup',
    'area_ancestry',
    'directory_export',
    'directory_import',
    'directory_queries',
    'directory_tree',
    'manage_directory',
  ],
  accounts: [
    'manage_memberships',
    'password_reset',
    'sign_in',
    'staff_invitations',
    'staff_paths',
    'staff_rights',
    'staff_sessions',
    'two_factor',
    'kept_forms',
  ],
  tenants: ['manage_tenants', 'tenant_theme', 'tenant_transfer', 'tenant_settings'],
  insights: ['platform_figures'],
  privacy: ['erasure', 'staff_erasure', 'subject_access', 'audit_retention'],
  platform: [
    'job_queue',
    'audit',
    'audit_log',
    'secret_tokens',
    'demo_data',
    'keyed_hash',
    'job_secrets',
    'demo_reading_data',
  ],
}

/* tenant_transfer is a folder: it becomes tenants/transfer. */
const RENAMED = { tenant_transfer: 'transfer' }

const root = new URL('..', import.meta.url).pathname
const SKIP = new Set(['node_modules', 'tmp', 'build', '.git', '.adonisjs'])
const NEVER = new Set(['config/database.ts', 'README.md', 'package-lock.json'])

function files(dir) {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = dir ? `${dir}/${name}` : name
    if (SKIP.has(name) || path.startsWith('bin/support')) return []
    if (statSync(join(root, path)).isDirectory()) return files(path)
    return /\.(ts|js|mjs|edge|md|json)$/.test(name) && !NEVER.has(path) ? [path] : []
  })
}

const moves = []
for (const [domain, names] of Object.entries(DOMAINS)) {
  for (const name of names) moves.push([name, `${domain}/${RENAMED[name] ?? name}`])
}

for (const [from, to] of moves) {
  const source = existsSync(join(root, `app/services/${from}.ts`))
    ? `app/services/${from}.ts`
    : existsSync(join(root, `app/services/${from}`))
      ? `app/services/${from}`
      : null
  if (!source) continue
  mkdirSync(join(root, 'app/services', to.split('/')[0]), { recursive: true })
  const target = source.endsWith('.ts') ? `app/services/${to}.ts` : `app/services/${to}`
  execFileSync('git', ['mv', source, target], { cwd: root, stdio: 'inherit' })
}

const rewrites = moves.flatMap(([from, to]) => [
  [new RegExp(`(['"])#services/${from}(['"/])`, 'g'), `$1#services/${to}$2`],
  [new RegExp(`app/services/${from}(\\.ts|/|\\b)`, 'g'), `app/services/${to}$1`],
])
/* Moved out of the domain code later: it starts and ends sessions (HTTP). */
rewrites.push([
  /(['"])#services\/(accounts\/)?sign_in(['"])/g,
  '$1#controllers/staff/sign_in_http$3',
])
/* queueMail and mailDedupeKey moved from start/mail_queue (now wiring only) to app/mails/queue. */
rewrites.push([/(import \{[^}]*\} from ')#start\/mail_queue'/g, "$1#mails/queue'"])
/* The publish job and its kin moved from start/jobs into app/jobs. */
rewrites.push([
  /import \{ storyPublishedJob \} from '#start\/jobs'/g,
  "import { storyPublishedJob } from '#jobs/story_published'",
])
/* The request's URL builder moved from the mail branding to the tenancy's request side. */
rewrites.push([
  /import \{ absoluteUrl \} from '#services\/mail_branding'/g,
  "import { absoluteUrl } from '#tenancy/request_site'",
])
let changed = 0
for (const path of files('')) {
  if (path === 'scripts/move_services_into_domains.mjs') continue
  const text = readFileSync(join(root, path), 'utf8')
  let next = text
  for (const [pattern, replacement] of rewrites) next = next.replace(pattern, replacement)
  if (next !== text) {
    writeFileSync(join(root, path), next)
    changed++
  }
}
console.log(`rewrote ${changed} files`)
