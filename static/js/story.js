// A story page's two small helpers; the page reads in full without them.
//
// Galleries (<section data-gallery>, a list of figures): one picture at a time, with
// Previous and Next, the arrow keys and a swipe (the list scrolls sideways and snaps),
// and "2 of 5" read out politely as the picture changes.
//
// Embedded posts and videos (<figure data-embed-frame>): the page has the text, its
// author and a link to the original; nothing comes from the provider until the reader
// presses "Show it from …", which puts the provider's frame in its place. The page's
// Content Security Policy allows that provider's frames on this page alone.
//
// Loaded as a file of our own (script-src 'self'); words come from the page, which the
// server wrote in the reader's language.

function enhanceGallery(gallery) {
  const list = gallery.querySelector(".gallery__list")
  const items = [...list.children]
  if (items.length < 2) return
  const words = gallery.dataset
  let current = 0

  const status = document.createElement("p")
  status.className = "gallery__status"
  status.setAttribute("aria-live", "polite")
  const previous = document.createElement("button")
  const next = document.createElement("button")
  previous.type = next.type = "button"
  previous.className = "gallery__previous"
  next.className = "gallery__next"
  previous.textContent = words.previous
  next.textContent = words.next
  const controls = document.createElement("div")
  controls.className = "gallery__controls"
  controls.append(previous, status, next)

  function show(index, scroll = true) {
    current = Math.max(0, Math.min(items.length - 1, index))
    status.textContent = words.position
      .replace("{number}", current + 1)
      .replace("{count}", items.length)
    previous.disabled = current === 0
    next.disabled = current === items.length - 1
    items.forEach((item, number) => {
      item.toggleAttribute("inert", number !== current)
    })
    if (scroll) {
      const behavior = matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth"
      items[current].scrollIntoView({ behavior, block: "nearest", inline: "start" })
    }
  }

  previous.addEventListener("click", () => show(current - 1))
  next.addEventListener("click", () => show(current + 1))
  list.addEventListener("keydown", (event) => {
    const rtl = getComputedStyle(list).direction === "rtl"
    const forward = rtl ? "ArrowLeft" : "ArrowRight"
    const back = rtl ? "ArrowRight" : "ArrowLeft"
    if (event.key === forward) show(current + 1)
    else if (event.key === back) show(current - 1)
    else return
    event.preventDefault()
  })
  // A swipe scrolls the list; the picture that comes to rest is the current one.
  const seen = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) show(items.indexOf(entry.target), false)
      }
    },
    { root: list, threshold: 0.6 },
  )
  for (const item of items) seen.observe(item)

  list.tabIndex = 0
  gallery.classList.add("gallery--slides")
  gallery.append(controls)
  show(0, false)
}

function enhanceEmbed(figure) {
  const consent = figure.querySelector(".embed__consent")
  const button = consent?.querySelector(".embed__load")
  if (!button) return
  consent.hidden = false
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe")
    frame.src = figure.dataset.embedFrame
    frame.title = figure.dataset.embedTitle || figure.dataset.embedProvider
    frame.className = "embed__frame"
    frame.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media")
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation",
    )
    frame.referrerPolicy = "strict-origin-when-cross-origin"
    figure.prepend(frame)
    figure.classList.add("embed--shown")
    consent.remove()
    frame.focus()
  })
}

for (const gallery of document.querySelectorAll("[data-gallery]")) enhanceGallery(gallery)
for (const figure of document.querySelectorAll("[data-embed-frame]")) enhanceEmbed(figure)
