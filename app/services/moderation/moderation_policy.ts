/**
 * The tenant's moderation policy as data its admins manage: the three tag
 * lists the public and moderators choose from, the reasons a story may be
 * rejected for, and how long closed stories' original text is kept.
 * Every change is audited in the same transaction; a tag or reason label
 * is unique per list whatever its case; a tag used on stories cannot be
 * deleted (rename it instead), so no story silently loses its tags.
 */
import db from '@adonisjs/lucid/services/db'
import { DomainError } from '#exceptions/domain_error'
import type User from '#models/user'
import ModerationReason from '#models/moderation_reason'
import StoryTag, { type TagQuestion } from '#models/story_tag'
import StoryTagLink from '#models/story_tag_link'
import Tenant from '#models/tenant'
import { auditTenant } from '#services/platform/audit'
import { tenancy } from '#tenancy/context'

function duplicate(error: unknown) {
  return (error as { code?: string }).code === '23505'
}

export async function saveTag(
  input: { question: TagQuestion; label: string; position?: number },
  user: User,
  id?: number
) {
  try {
    return await db.transaction(async (trx) => {
      const tag = id
        ? await StoryTag.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
        : new StoryTag()
      const before = id ? { question: tag.question, label: tag.label } : null
      tag.merge({ question: input.question, label: input.label, position: input.position ?? 0 })
      tag.useTransaction(trx)
      await tag.save()
      await auditTenant(
        {
          action: id ? 'tag.updated' : 'tag.created',
          actor: user,
          subject: { type: 'story_tag', id: tag.id },
          details: { before, after: { question: tag.question, label: tag.label } },
        },
        trx
      )
      return tag
    })
  } catch (error) {
    if (duplicate(error)) throw new DomainError('problems.policy.tagTaken')
    throw error
  }
}

export async function deleteTag(id: number, user: User) {
  return db.transaction(async (trx) => {
    const tag = await StoryTag.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
    const used = await StoryTagLink.query({ client: trx })
      .where('tag_id', tag.id)
      .count('* as total')
      .first()
    const count = Number(used?.$extras.total ?? 0)
    if (count)
      throw new DomainError('problems.policy.tagInUse', { values: { label: tag.label, count } })
    await tag.useTransaction(trx).delete()
    await auditTenant(
      {
        action: 'tag.deleted',
        actor: user,
        subject: { type: 'story_tag', id },
        details: { question: tag.question, label: tag.label },
      },
      trx
    )
  })
}

export async function saveReason(
  input: { label: string; position?: number },
  user: User,
  id?: number
) {
  try {
    return await db.transaction(async (trx) => {
      const reason = id
        ? await ModerationReason.query({ client: trx }).where('id', id).forUpdate().firstOrFail()
        : new ModerationReason()
      const before = id ? reason.label : null
      reason.merge({ label: input.label, position: input.position ?? 0 })
      reason.useTransaction(trx)
      await reason.save()
      await auditTenant(
        {
          action: id ? 'moderation_reason.updated' : 'moderation_reason.created',
          actor: user,
          subject: { type: 'moderation_reason', id: reason.id },
          details: { before, after: reason.label },
        },
        trx
      )
      return reason
    })
  } catch (error) {
    if (duplicate(error)) throw new DomainError('problems.policy.reasonTaken')
    throw error
  }
}

/** Past rejections keep the reason's wording in their events, so deleting one is safe. */
export async function deleteReason(id: number, user: User) {
  return db.transaction(async (trx) => {
    const reason = await ModerationReason.query({ client: trx })
      .where('id', id)
      .forUpdate()
      .firstOrFail()
    await reason.useTransaction(trx).delete()
    await auditTenant(
      {
        action: 'moderation_reason.deleted',
        actor: user,
        subject: { type: 'moderation_reason', id },
        details: { label: reason.label },
      },
      trx
    )
  })
}

/** Changes one setting of the current tenant, locked and audited in one transaction. */
async function changeTenantSetting<Key extends 'retentionDays' | 'safeguardingEmail'>(
  key: Key,
  value: Tenant[Key],
  action: string,
  user: User
) {
  const current = tenancy.require()
  return db.transaction(async (trx) => {
    const tenant = await Tenant.query({ client: trx })
      .where('id', current.id)
      .forUpdate()
      .firstOrFail()
    const before = tenant[key]
    tenant[key] = value
    tenant.useTransaction(trx)
    await tenant.save()
    await auditTenant(
      {
        action,
        actor: user,
        subject: { type: 'tenant', id: tenant.id },
        details: { before, after: value },
      },
      trx
    )
    return tenant
  })
}

export function setRetention(days: number, user: User) {
  return changeTenantSetting('retentionDays', days, 'tenant.retention_changed', user)
}

/** Sets (or, with null, clears) the tenant's safeguarding contact address. */
export function setSafeguardingEmail(email: string | null, user: User) {
  const address = email ? email.toLowerCase() : null
  return changeTenantSetting(
    'safeguardingEmail',
    address,
    'tenant.safeguarding_email_changed',
    user
  )
}
