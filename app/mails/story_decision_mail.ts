/**
 * To a story's author when the moderators decide: published (with its
 * public address) or rejected (with the reason and message), each with
 * the author's private link.
 */
import { AppMail, type MailTenant } from '#mails/app_mail'

type Decided = { title: string; storyUrl: string; ownUrl: string }

abstract class StoryDecisionMail extends AppMail {
  protected abstract outcome: 'published' | 'rejected'

  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    protected story: Decided,
    protected reason = ''
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    const site = this.siteName
    return {
      subject: this.t(`moderation.mail.${this.outcome}Subject`, { site }),
      text: this.t(`moderation.mail.${this.outcome}Body`, {
        title: this.story.title,
        link: this.story.storyUrl,
        reason: this.reason,
        site,
        own: this.story.ownUrl,
      }),
    }
  }
}

export class StoryPublishedMail extends StoryDecisionMail {
  protected outcome = 'published' as const
}

export class StoryRejectedMail extends StoryDecisionMail {
  protected outcome = 'rejected' as const
}
