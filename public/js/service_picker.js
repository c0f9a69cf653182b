/*
 * Service picker: with JavaScript, suggests services as you type under a
 * search box marked data-service-picker="<json url>", following the ARIA
 * combobox pattern: Down and Up arrows move through the suggestions (the
 * box keeps focus; aria-activedescendant names the one chosen), Enter opens
 * the chosen service, Escape closes the list (and, pressed again, clears the
 * box). Without JavaScript the box is a plain search form. A polite live
 * region says how many suggestions there are, in the page's own words.
 */
;(function () {
  document.querySelectorAll('input[data-service-picker]').forEach(function (input) {
    var form = input.closest('form')
    var list = form.querySelector('[data-service-picker-list]')
    var status = form.querySelector('[data-service-picker-status]')
    var counts = JSON.parse(status.dataset.counts || '[]')
    var timer = null
    var latest = 0
    var active = -1

    input.setAttribute('role', 'combobox')
    input.setAttribute('aria-autocomplete', 'list')
    input.setAttribute('aria-expanded', 'false')
    input.setAttribute('aria-controls', list.id)
    list.setAttribute('role', 'listbox')

    function options() {
      return list.querySelectorAll('[role="option"]')
    }

    function choose(index) {
      var all = options()
      active = index
      all.forEach(function (option, position) {
        option.setAttribute('aria-selected', position === index ? 'true' : 'false')
      })
      if (index >= 0 && all[index]) {
        input.setAttribute('aria-activedescendant', all[index].id)
        all[index].scrollIntoView({ block: 'nearest' })
      } else input.removeAttribute('aria-activedescendant')
    }

    function open(isOpen) {
      list.hidden = !isOpen
      input.setAttribute('aria-expanded', isOpen ? 'true' : 'false')
      if (!isOpen) choose(-1)
    }

    function show(services) {
      list.textContent = ''
      services.forEach(function (service, index) {
        var option = document.createElement('li')
        option.id = list.id + '-' + index
        option.setAttribute('role', 'option')
        option.setAttribute('aria-selected', 'false')
        option.className = 'service-search__option'
        option.dataset.href = '/services/' + encodeURIComponent(service.slug)
        option.textContent = service.area ? service.name + ' (' + service.area + ')' : service.name
        list.appendChild(option)
      })
      open(services.length > 0)
      status.textContent = counts[services.length] || String(services.length)
    }

    list.addEventListener('click', function (event) {
      var option = event.target.closest('[role="option"]')
      if (option) window.location.assign(option.dataset.href)
    })

    input.addEventListener('keydown', function (event) {
      var all = options()
      if (event.key === 'ArrowDown' && all.length) {
        event.preventDefault()
        open(true)
        choose(active + 1 < all.length ? active + 1 : 0)
      } else if (event.key === 'ArrowUp' && all.length) {
        event.preventDefault()
        open(true)
        choose(active > 0 ? active - 1 : all.length - 1)
      } else if (event.key === 'Enter' && !list.hidden && active >= 0 && all[active]) {
        event.preventDefault()
        window.location.assign(all[active].dataset.href)
      } else if (event.key === 'Escape') {
        if (!list.hidden) open(false)
        else input.value = ''
        event.preventDefault()
      }
    })

    input.addEventListener('blur', function () {
      setTimeout(function () {
        open(false)
      }, 200)
    })

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
