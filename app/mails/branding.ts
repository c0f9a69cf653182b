/**
 * How every email looks (see AppMail for how one is built). Every email carries the tenant's branding: its name as sender, heading
 * and signature (the platform's on the admin host), its brand colour in the
 * HTML part, and links to the host it concerns. Each message has a plain
 * text part and an HTML part made from the same text, every character of
 * which is escaped: nothing a story's author wrote can become markup.
 */
import { type Message } from '@adonisjs/mail'
import { escapeHtml } from '#lib/text_diff'
import { paragraphs } from '#lib/paragraphs'
import { contrastRatio, HEX_COLOUR } from '#services/tenants/tenant_theme'

/** The platform's own brand blue (public/css/app.css). */
const DEFAULT_BRAND = '#1d4f91'

export type MailBrand = {
  name: string
  theme?: { colours?: { brand?: string } } | null
  /** The recipient's language, for the HTML part's lang attribute. */
  locale?: string | null
}

/** The tenant's brand colour when white text on it stays readable (4.5:1), else ours. */
export function mailBrandColour(brand: MailBrand) {
  const colour = brand.theme?.colours?.brand
  return colour && HEX_COLOUR.test(colour) && contrastRatio(colour, '#ffffff') >= 4.5
    ? colour.toLowerCase()
    : DEFAULT_BRAND
}

const LINK = /\bhttps?:\/\/[^\s<>"']+/g

/** One line of text, escaped, with its web addresses made into links. */
function lineHtml(line: string, colour: string) {
  let html = ''
  let last = 0
  for (const match of line.matchAll(LINK)) {
    const url = match[0].replace(/[.,;:!?)]+$/, '')
    html +=
      escapeHtml(line.slice(last, match.index)) +
      `<a href="${escapeHtml(url)}" style="color:${colour}">${escapeHtml(url)}</a>`
    last = match.index + url.length
  }
  return html + escapeHtml(line.slice(last))
}

/** The HTML part of a message: the same text as the plain part, in the tenant's colours. */
export function mailHtml(brand: MailBrand, text: string) {
  const colour = mailBrandColour(brand)
  const body = paragraphs(text)
    .map(
      (paragraph) =>
        `<p style="margin:0 0 16px">${paragraph
          .split('\n')
          .map((line) => lineHtml(line, colour))
          .join('<br>')}</p>`
    )
    .join('\n')
  const lang = escapeHtml(brand.locale ?? 'en-GB')
  const name = escapeHtml(brand.name)
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${name}</title></head>
<body style="margin:0;padding:0;background:#f3f2f1">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse">
<tr><td style="background:${colour};color:#ffffff;padding:16px 24px;font:bold 20px/1.3 Arial,Helvetica,sans-serif">${name}</td></tr>
<tr><td style="background:#ffffff;color:#0b0c0c;padding:24px;font:16px/1.5 Arial,Helvetica,sans-serif">
${body}
<p style="margin:24px 0 0;color:#505a5f">— ${name}</p>
</td></tr>
</table>
</body>
</html>
`
}

/** Sets the plain and HTML parts, both signed with the site's name. */
export function brandedBody(message: Message, brand: MailBrand, text: string) {
  message.text(`${text}\n\n— ${brand.name}\n`).html(mailHtml(brand, text))
}
