/*
 * The moderator's claim (WCAG 2.2.1, timing adjustable): without JavaScript
 * the page shows when the claim ends and an "Extend claim" button that
 * submits the edit form to the claim route, so nothing typed is lost. With
 * it, a warning appears a few minutes before the end (and again when it has
 * ended), and "Extend claim" extends it in place, the page and the edits
 * staying as they are.
 */
;(function () {
  var box = document.querySelector('[data-claim][data-claim-ends]')
  if (!box) return
  var warning = box.querySelector('[data-claim-warning]')
  var warningText = box.querySelector('[data-claim-warning-text]')
  var time = box.querySelector('[data-claim-time]')
  var status = box.querySelector('[data-claim-status]')
  var extend = box.querySelector('[data-extend-claim]')
  var warnMs = Number(box.dataset.claimWarnMinutes || 5) * 60 * 1000
  var timers = []

  function schedule(endsAt) {
    timers.forEach(clearTimeout)
    var left = new Date(endsAt).getTime() - Date.now()
    warning.hidden = true
    timers = [
      setTimeout(function () {
        warningText.textContent = warningText.dataset.template.replace('{time}', time.textContent)
        warning.hidden = false
      }, Math.max(0, left - warnMs)),
      setTimeout(function () {
        warningText.textContent = warningText.dataset.ended
        warning.hidden = false
      }, Math.max(0, left)),
    ]
  }

  extend.addEventListener('click', function (event) {
    var form = document.getElementById(extend.getAttribute('form'))
    if (!form || !window.fetch) return
    event.preventDefault()
    var body = new URLSearchParams()
    body.set('_csrf', form.querySelector('input[name="_csrf"]').value)
    fetch(extend.getAttribute('formaction'), {
      method: 'POST',
      headers: { 'accept': 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: body,
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, answer: answer }
        })
      })
      .then(function (result) {
        status.textContent = result.answer.message || result.answer.title || ''
        if (!result.ok) return
        time.dateTime = result.answer.endsAt
        time.textContent = result.answer.endsAtText
        schedule(result.answer.endsAt)
      })
      .catch(function () {
        /* The plain form still works: submit it as it would be without JavaScript. */
        form.requestSubmit(extend)
      })
  })

  schedule(box.dataset.claimEnds)
})()
