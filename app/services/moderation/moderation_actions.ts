/**
 * What a moderation event records, the one definition of its names (the
 * `action` column of moderation_events). Code names them through
 * MODERATION_ACTION; the staff history shows each as
 * `moderation.actions.<name>`. A module of its own in the moderation
 * domain (not in the event model), because the model's sealing
 * (#services/moderation/event_texts) needs the names too, and the model
 * imports the sealing.
 */
export const MODERATION_ACTION = {
  /* Moderators working the queue. */
  claimed: 'claimed',
  edited: 'edited',
  published: 'published',
  corrected: 'corrected',
  rejected: 'rejected',
  askedAuthor: 'asked_author',
  escalated: 'escalated',
  hidden: 'hidden',
  reportsDismissed: 'reports_dismissed',
  enteredForAuthor: 'entered_for_author',
  /* The author. */
  authorAnswered: 'author_answered',
  authorDisagreed: 'author_disagreed',
  withdrawn: 'withdrawn',
  replyReceived: 'reply_received',
  /* Moderators checking what responders and authors added. */
  changeConfirmed: 'change_confirmed',
  changeRejected: 'change_rejected',
  replyPublished: 'reply_published',
  replyRejected: 'reply_rejected',
  /* Responses waiting for a moderator's check (#services/responses/response_checks). */
  responseSubmitted: 'response_submitted',
  responseRevisionSubmitted: 'response_revision_submitted',
  responseResubmitted: 'response_resubmitted',
  responseApproved: 'response_approved',
  responseEdited: 'response_edited',
  responseSentBack: 'response_sent_back',
  /* A private provider's review window (#services/moderation/provider_review). */
  providerReviewStarted: 'provider_review_started',
  providerReviewRequested: 'provider_review_requested',
  providerReviewUpheld: 'provider_review_upheld',
  providerReviewDeclined: 'provider_review_declined',
  providerReviewEnded: 'provider_review_ended',
  /* Erasure (by request, or the retention rule for originals). */
  erased: 'erased',
  originalErased: 'original_erased',
} as const

export type ModerationAction = (typeof MODERATION_ACTION)[keyof typeof MODERATION_ACTION]
