/*
 * Wiring: every job type and recurring task, one file each in app/jobs/.
 * Imported by the worker (`queue:work`) and by the mail messenger
 * (start/mail_queue.ts, preloaded), so any process that enqueues or runs
 * jobs knows them all.
 */
import '#jobs/send_mail'
import '#jobs/prune_jobs'
import '#jobs/prune_sessions'
import '#jobs/prune_idempotency_keys'
import '#jobs/erase_originals'
import '#jobs/purge_audit_personal'
import '#jobs/story_published'
import '#jobs/staff_digest'
import '#jobs/search_reports'
import '#jobs/publish_story'
import '#jobs/provider_review_due'
import '#jobs/test_deliver'
