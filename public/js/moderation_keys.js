/*
 * Keyboard shortcuts on the moderation page: Alt+Shift and a letter moves
 * focus to a decision (P publish, S save, R reject, A ask the author,
 * E escalate, D the decisions). They only move focus, so nothing is decided
 * until the moderator presses Enter; with a modifier, typing never triggers
 * them (WCAG 2.1.4). The controls say their letter in data-shortcut.
 */
;(function () {
  document.addEventListener('keydown', function (event) {
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return
    var key = (event.code || '').replace(/^Key/, '').toLowerCase()
    var target = document.querySelector('[data-shortcut="' + key + '"]')
    if (!target) return
    event.preventDefault()
    if (target.tagName === 'A') {
      var section = document.querySelector(target.getAttribute('href'))
      if (section) {
        section.scrollIntoView()
        section.focus()
      }
      return
    }
    target.focus()
  })
})()
