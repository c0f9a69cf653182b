/** To the tenant's safeguarding contact: a concern, its reason and who raised it; never the author's address. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class SafeguardingEscalationMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private concern: { reason: string; storyUrl: string; moderator: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('moderation.mail.escalatedSubject', { site: this.siteName }),
      text: this.t('moderation.mail.escalatedBody', {
        reason: this.concern.reason,
        link: this.concern.storyUrl,
        moderator: this.concern.moderator,
      }),
    }
  }
}
