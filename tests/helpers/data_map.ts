/**
 * The data map: every column that can hold personal data, what it is, why
 * it is kept, for how long and what erases it. The README's data map is
 * this table in words; tests/functional/privacy/data_map.spec.ts fails when
 * a text, JSON or address column exists that is in neither list below.
 */
export type DataMapEntry = {
  data: string
  columns: string[]
  why: string
  kept: string
  erasedBy: string
}

export const DATA_MAP: DataMapEntry[] = [
  {
    data: 'A story’s author: their words as told, the title, email address and pseudonym',
    columns: [
      'stories.title',
      'stories.original_body',
      'stories.author_email',
      'stories.display_name',
    ],
    why: 'moderation (the original is private to moderators), emails to the author',
    kept: 'until erasure: on request, or the tenant’s retention period after withdrawal or rejection, or when an unconfirmed story’s link expires',
    erasedBy: 'erasure (author, tenant admin, national admin command, retention command)',
  },
  {
    data: 'A story’s moderated text and pseudonym (public)',
    columns: ['stories.public_title', 'stories.public_body'],
    why: 'publication',
    kept: 'while published; kept after an erasure that did not ask for the story to go',
    erasedBy: 'erasure with withdrawal, retention erase of withdrawn and rejected stories',
  },
  {
    data: 'Moderation history: removed passages, questions, the author’s answers, messages, reasons',
    columns: ['moderation_events.changes', 'moderation_events.reason'],
    why: 'who changed what, when and why',
    kept: 'the events for good; their texts sealed with the story’s key, readable until the key is destroyed',
    erasedBy:
      'erasure destroys the key (story_keys), making the texts unreadable in the database and in backups',
  },
  {
    data: 'A reader’s “I’ve experienced this too” key (keyed hash of their network and browser)',
    columns: ['story_experiences.reader_key'],
    why: 'counts each reader once per story without an account',
    kept: 'as long as the story',
    erasedBy: 'cannot be turned back into an address; goes with the story',
  },
  {
    data: 'The story’s data key (wrapped)',
    columns: ['story_keys.wrapped_key'],
    why: 'opens the sealed moderation texts',
    kept: 'until erasure',
    erasedBy: 'erasure deletes it',
  },
  {
    data: 'Author replies to responses, as written and as published; a moderator’s refusal reason',
    columns: [
      'author_replies.original_body',
      'author_replies.public_body',
      'author_replies.reason',
    ],
    why: 'moderation of replies, publication',
    kept: 'until erasure (the published reply stays only when the published story stays)',
    erasedBy: 'erasure',
  },
  {
    data: 'Readers’ report messages',
    columns: ['story_reports.message'],
    why: 'moderators act on reports',
    kept: 'until the story is erased',
    erasedBy: 'erasure blanks them',
  },
  {
    data: 'Subscribers’ email addresses (and the story search they follow, if any)',
    columns: ['subscriptions.email', 'subscriptions.search_query'],
    why: 'sending the alerts they asked for',
    kept: 'until they unsubscribe; unconfirmed ones until their link expires',
    erasedBy: 'unsubscribe, erasure by email, the nightly prune of unconfirmed subscriptions',
  },
  {
    data: 'Queued mail (addresses, links, text) and job errors',
    columns: ['jobs.payload', 'jobs.last_error'],
    why: 'sending mail reliably',
    kept: 'a mail’s payload until it is sent (emptied then); errors are masked of addresses and tokens, cleared after 30 days',
    erasedBy: 'sending, the nightly prune, erasure (deletes mail to the address)',
  },
  {
    data: 'Staff typing kept when a session ended',
    columns: ['kept_form_inputs.fields'],
    why: 'no work lost when a session lapses',
    kept: '30 minutes',
    erasedBy: 'expiry, being given back once, erasure of the story it was about',
  },
  {
    data: 'Staff sessions: a truncated IP address, the browser, session data',
    columns: ['sessions.ip_prefix', 'sessions.user_agent', 'sessions.data'],
    why: 'signed-in staff, their list of sessions',
    kept: 'while the session lives (two idle hours), then pruned hourly',
    erasedBy: 'sign-out, the hourly prune',
  },
  {
    data: 'Audit log: the actor’s email and IP address; the subject (a keyed hash for an unknown sign-in address)',
    columns: [
      'audit_events.actor_email',
      'audit_events.ip',
      'audit_events.subject_id',
      'audit_events.details',
      'platform_audit_events.actor_email',
      'platform_audit_events.ip',
      'platform_audit_events.subject_id',
      'platform_audit_events.details',
    ],
    why: 'accountability of staff actions',
    kept: 'entries for good; IPs and actor emails for the tenant’s audit_personal_days (180 by default; national log 365)',
    erasedBy: 'the nightly audit purge (the only update the trigger allows)',
  },
  {
    data: 'Rate-limit counters (keyed hashes of addresses and IPs)',
    columns: ['rate_limits.key', 'api_rate_limits.bucket'],
    why: 'stopping abuse',
    kept: 'the counter’s window (an hour at most)',
    erasedBy: 'expiry; erasure by email clears the email counters',
  },
  {
    data: 'Staff accounts: name, email, job title; responses signed with a name and job title',
    columns: [
      'users.name',
      'users.email',
      'users.job_title',
      'responses.author_name',
      'responses.author_job_title',
    ],
    why: 'signing in, signing responses',
    kept: 'while the account exists',
    erasedBy:
      'user:erase for a disabled account (name and email replaced; responses stay signed by job title and service)',
  },
  {
    data: 'Staff invitations: the invited address',
    columns: ['staff_invitations.email'],
    why: 'inviting staff',
    kept: 'until accepted or expired',
    erasedBy: 'acceptance, the nightly prune of expired invitations',
  },
  {
    data: 'Responses’ text and described changes (written by staff, public)',
    columns: ['responses.body', 'responses.change_description'],
    why: 'publication',
    kept: 'while the story is public',
    erasedBy: 'they stay with the story record',
  },
  {
    data: 'Responses waiting for a moderator’s check, and the record of checks: the text as sent and as edited, the moderator’s note to the responder',
    columns: [
      'response_checks.body',
      'response_checks.submitted_body',
      'response_checks.change_description',
      'response_checks.note',
    ],
    why: 'checking responses before publication; the record on which fast-track is suggested',
    kept: 'as long as the story (an approved text is also the public response)',
    erasedBy:
      'they go with the story; the writer is named through their account, erased by user:erase',
  },
  {
    data: 'A member of staff’s saved searches: the name they gave and the search (words they typed, filters)',
    columns: ['saved_searches.name', 'saved_searches.criteria'],
    why: 'running the search again, its alerts, reports and dashboard for its owner',
    kept: 'until its owner deletes it',
    erasedBy: 'its owner deleting it; deleting the account or the membership’s tenant (cascade)',
  },
  {
    data: 'Tenant contact addresses (organisational)',
    columns: ['tenants.contact_email', 'tenants.safeguarding_email'],
    why: 'contact and safeguarding',
    kept: 'while configured',
    erasedBy: 'the tenant admin or national admin changing them',
  },
  {
    data: 'Directory contact details (organisations, not people)',
    columns: ['services.address', 'services.phone', 'services.website', 'services.postcode'],
    why: 'the public directory',
    kept: 'while the service is listed',
    erasedBy: 'directory edits',
  },
]

/** Columns that hold no personal data, with why. */
export const NOT_PERSONAL: Record<string, string> = Object.fromEntries(
  [
    [
      'hashes of single-use secrets',
      [
        'kept_form_inputs.token_hash',
        'password_resets.token_hash',
        'staff_invitations.token_hash',
        'stories.confirm_token_hash',
        'story_author_links.token_hash',
        'subscriptions.confirm_token_hash',
        'subscriptions.unsubscribe_token_hash',
        'users.password',
        'sessions.id',
        'jobs.dedupe_key',
      ],
    ],
    [
      'API keys (organisations’ programs) and what they sent: names, scopes, hashes, answers naming a story id',
      [
        'api_keys.name',
        'api_keys.prefix',
        'api_keys.scopes',
        'api_keys.secret_hash',
        'api_keys.service_ids',
        'api_idempotency_keys.idempotency_key',
        'api_idempotency_keys.request_hash',
        'api_idempotency_keys.answer',
      ],
    ],
    ['secrets encrypted with APP_KEY', ['users.totp_secret', 'users.recovery_codes']],
    [
      'codes and states',
      [
        'alert_deliveries.mode',
        'alert_settings.mode',
        'saved_searches.alert_mode',
        'saved_searches.report_schedule',
        'saved_search_deliveries.mode',
        'audit_events.action',
        'audit_events.subject_type',
        'author_replies.status',
        'jobs.name',
        'memberships.role',
        'moderation_events.action',
        'platform_audit_events.action',
        'platform_audit_events.subject_type',
        'responses.change_kind',
        'responses.change_status',
        'response_checks.change_kind',
        'response_checks.status',
        'staff_invitations.role',
        'staff_invitations.service_ids',
        'stories.age_band',
        'stories.author_role',
        'stories.locale',
        'stories.progress',
        'stories.status',
        'stories.submission_route',
        'provider_reviews.outcome',
        'invitation_links.campaign',
        'invitation_links.code',
        'story_listings.kind',
        'story_reports.reason',
        'story_tags.question',
        'subscriptions.locale',
        'subscriptions.target_type',
        'users.locale',
      ],
    ],
    [
      'hosts and paths of this site',
      [
        'kept_form_inputs.return_path',
        'password_resets.host',
        'sessions.host',
        'tenant_domains.hostname',
        'platform_audit_events.tenant_slug',
      ],
    ],
    [
      'the tenant’s own configuration and lists',
      [
        'moderation_reasons.label',
        'story_tags.label',
        'tenants.default_locale',
        'tenants.enabled_locales',
        'tenants.name',
        'tenants.service_kinds',
        'tenants.private_provider_kinds',
        'tenants.working_day_starts',
        'tenants.working_day_ends',
        'tenants.slug',
        'tenants.status',
        'tenants.suspension_notice',
        'tenants.theme',
        'tenants.time_zone',
        'tenant_logos.bytes',
        'tenant_logos.content_hash',
        'tenant_logos.content_type',
        'tenants.moved_to_url',
        'tenants.imported_archive_id',
        'moved_ids.kind',
      ],
    ],
    [
      'the directory of services and areas',
      [
        'areas.name',
        'areas.slug',
        'services.description',
        'services.external_code',
        'services.kind',
        'services.name',
        'services.path',
        'services.ref',
        'services.slug',
        'services.status',
      ],
    ],
  ].flatMap(([why, columns]) => (columns as string[]).map((column) => [column, why as string]))
)
