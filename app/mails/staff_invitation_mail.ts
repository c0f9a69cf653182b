/** An invitation to join a tenant's staff with a role; the link works seven days. */
import { AppMail, type MailTenant } from '#mails/app_mail'

export class StaffInvitationMail extends AppMail {
  constructor(
    tenant: MailTenant,
    to: string,
    locale: string,
    private invitation: { role: string; url: string }
  ) {
    super(tenant, to, locale)
  }

  protected content() {
    return {
      subject: this.t('messages.invitations.mailSubject', { site: this.siteName }),
      text: this.t('messages.invitations.mailBody', {
        site: this.siteName,
        role: this.t(`messages.roles.${this.invitation.role}`),
        link: this.invitation.url,
      }),
    }
  }
}
