/** Every night, IP addresses and actor emails past their retention leave the audit logs. */
import { defineJob, defineSchedule } from '#services/platform/job_queue'
import { purgeAuditPersonalData } from '#services/privacy/audit_retention'

export const purgeAuditPersonalJob = defineJob(
  'audit.purge_personal',
  async (_payload, { client }) => {
    await purgeAuditPersonalData(client)
  }
)

defineSchedule('audit.purge_personal', 'daily at 04:30', 'audit.purge_personal')
