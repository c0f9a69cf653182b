/*
 * Wiring: every mail sent with `mail.sendLater` (or `queueMail` from
 * #mails/queue) becomes a `mail.send` job in PostgreSQL, and every job type
 * is registered (start/jobs.ts), so any process that enqueues knows them all.
 */
import '#start/jobs'
import { useJobQueueForMail } from '#mails/queue'

useJobQueueForMail()
