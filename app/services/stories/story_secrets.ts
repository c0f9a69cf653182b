/**
 * Crypto-shredding for what must outlive edits but not the story: every
 * free text an append-only moderation event keeps (removed passages, the
 * moderator's questions, the author's answers, messages, reasons) is sealed
 * with AES-256-GCM under a random key of its story. The key is stored in
 * `story_keys`, itself encrypted ("wrapped") with the app's encryption
 * (APP_KEY). Erasure deletes the key row: the events keep their shape (who,
 * what, when) but their texts can never be read again, in the live database
 * or in any backup.
 *
 * Guarantees: a sealed value is `sealed:v1:<iv>.<tag>.<ciphertext>`
 * (base64url) and opens only with its own story's key; opening
 * a value whose key is gone gives `null` ("erased"), never an error; a key
 * is created the first time a story needs one, never after the story was
 * erased.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import StoryKey from '#models/story_key'
import { tenancy } from '#tenancy/context'

const PREFIX = 'sealed:v1:'

/*
 * A story key is wrapped with the app's encryption (APP_KEY), like the other
 * secrets this deployment keeps; tenant export unwraps and seals it for the
 * journey, import wraps it again with the new deployment's key
 * (tenant_transfer APP_KEY_SECRETS). Story ids change on import, so nothing
 * is bound to them: a sealed text opens only with its own story's key anyway.
 */
function wrap(key: Buffer) {
  return encryption.encrypt(key.toString('base64'))
}

function unwrap(wrapped: string) {
  const clear = encryption.decrypt<string>(wrapped)
  return clear ? Buffer.from(clear, 'base64') : null
}

const TEXT_AAD = 'carevoice:story-text:v1'

function encrypt(key: Buffer, plain: Buffer, aad: string) {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const body = Buffer.concat([cipher.update(plain), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.')
}

function decrypt(key: Buffer, sealed: string, aad: string) {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()])
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX)
}

/** The story's data key, created when it has none. */
async function dataKey(storyId: number, client: TransactionClientContract | undefined) {
  tenancy.require()
  const found = await StoryKey.query({ client }).where('story_id', storyId).first()
  const opened = found ? unwrap(found.wrappedKey) : null
  if (found && !opened) throw new Error(`The key of story ${storyId} does not open with APP_KEY`)
  if (opened) return opened
  const key = randomBytes(32)
  await StoryKey.create({ storyId, wrappedKey: wrap(key) }, { client })
  return key
}

/** Data keys of several stories (missing ones: erased or never made). */
async function openKeys(storyIds: number[], client?: TransactionClientContract) {
  const keys = new Map<number, Buffer>()
  if (!storyIds.length) return keys
  const rows = await StoryKey.query({ client }).whereIn('story_id', [...new Set(storyIds)])
  for (const row of rows) {
    const key = unwrap(row.wrappedKey)
    if (key) keys.set(Number(row.storyId), key)
  }
  return keys
}

/** A sealer for one story: seal(text) → sealed value. */
export async function sealerFor(storyId: number, client?: TransactionClientContract) {
  const key = await dataKey(storyId, client)
  return (text: string) => PREFIX + encrypt(key, Buffer.from(text, 'utf8'), TEXT_AAD)
}

/** An opener for several stories: open(storyId, value) → text, or null once erased. */
export async function openerFor(storyIds: number[], client?: TransactionClientContract) {
  const keys = await openKeys(storyIds, client)
  return (storyId: number, value: unknown): string | null => {
    if (!isSealed(value)) return typeof value === 'string' ? value : null
    const key = keys.get(Number(storyId))
    if (!key) return null
    try {
      return decrypt(key, value.slice(PREFIX.length), TEXT_AAD).toString('utf8')
    } catch {
      return null
    }
  }
}

/** Destroys the stories' keys: their sealed texts are unreadable from now on. */
export async function shredStoryKeys(storyIds: number[], client: TransactionClientContract) {
  if (!storyIds.length) return
  await StoryKey.query({ client }).whereIn('story_id', storyIds).delete()
}
