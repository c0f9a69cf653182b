/*
 * Forms, GOV.UK style (progressive enhancement; every form works without it):
 * - the error summary takes focus when the page loads, where the browser did
 *   not honour its autofocus attribute;
 * - a link in the error summary focuses its field and scrolls so that the
 *   field's label, or the legend of its group, is in view above it;
 * - an element marked data-focus-on-load (a response preview) takes focus.
 */
;(function () {
  function labelFor(field) {
    var fieldset = field.closest('fieldset')
    var legend = fieldset && fieldset.querySelector('legend')
    /* Radios and checkboxes are named by their group's question. */
    if (legend && (field.type === 'radio' || field.type === 'checkbox' || !field.labels.length))
      return legend
    return (field.labels && field.labels[0]) || legend || field
  }

  function focusField(id) {
    var field = document.getElementById(id)
    if (!field) return false
    labelFor(field).scrollIntoView({ block: 'start' })
    field.focus({ preventScroll: true })
    return true
  }

  function start() {
    var summary = document.querySelector('[data-error-summary]')
    if (summary) {
      summary.addEventListener('click', function (event) {
        var link = event.target.closest('a[href^="#"]')
        if (link && focusField(decodeURIComponent(link.getAttribute('href').slice(1))))
          event.preventDefault()
      })
      if (document.activeElement !== summary) summary.focus()
      return
    }
    var wanted = document.querySelector('[data-focus-on-load]')
    if (wanted) {
      wanted.scrollIntoView({ block: 'start' })
      wanted.focus({ preventScroll: true })
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
