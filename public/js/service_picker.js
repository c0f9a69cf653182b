/*
 * Service picker: with JavaScript, suggests services as you type under a
 * search box marked data-service-picker="<json url>". Without it, the box is
 * a plain search form. Suggestions are ordinary links; a polite live region
 * says how many there are.
 */
;(function () {
  document.querySelectorAll('input[data-service-picker]').forEach(function (input) {
    var form = input.closest('form')
    var list = form.querySelector('[data-service-picker-list]')
    var status = form.querySelector('[data-service-picker-status]')
    var timer = null
    var latest = 0

    function show(services) {
      list.textContent = ''
      services.forEach(function (service) {
        var item = document.createElement('li')
        var link = document.createElement('a')
        link.href = '/services/' + encodeURIComponent(service.slug)
        link.textContent = service.area ? service.name + ' (' + service.area + ')' : service.name
        item.appendChild(link)
        list.appendChild(item)
      })
      list.hidden = services.length === 0
      status.textContent = status.dataset.template.replace('{count}', String(services.length))
    }

    input.addEventListener('input', function () {
      clearTimeout(timer)
      var query = input.value.trim()
      if (query.length < 2) {
        show([])
        return
      }
      timer = setTimeout(function () {
        var ticket = ++latest
        fetch(input.dataset.servicePicker + '?q=' + encodeURIComponent(query), {
          headers: { accept: 'application/json' },
        })
          .then(function (response) {
            return response.ok ? response.json() : []
          })
          .then(function (services) {
            if (ticket === latest) show(services)
          })
          .catch(function () {})
      }, 200)
    })
  })
})()
