// Pictures, galleries and embedded posts in the story body's editor, and a caption for
// tables.
//
// Each is stored as what it shows (articles/body.py reads them for readers, feeds and
// the content API): <figure data-picture=12 data-size=wide data-href=…> with an
// optional <figcaption> of the story's own, <div data-gallery="12 13 14">, and
// <figure data-embed=… data-author=… data-date=…><blockquote>text</blockquote>. Here
// each is a block of its own with a preview (the library's copy, through the admin's
// picture preview; an embed's provider and text, nothing loaded from the provider), to
// drag, change or remove. The toolbar's "Picture", "Gallery" and "Embed" open a small
// form; pictures are found by caption, credit or alt text through the admin's own
// autocomplete (permission-checked by the admin).
//
// An ES module loaded by django-prose-editor's "configurable" preset: no inline script.
// Its words come from the admin's JavaScript catalog.

import { Extension, Node, pm } from "django-prose-editor/editor"

const gettext = (text) => (window.gettext ? window.gettext(text) : text)
const SEARCH_DELAY_MS = 250
const SIZES = () => ({ column: gettext("Column"), wide: gettext("Wide"), full: gettext("Full width") })
const PROVIDERS = [
  [/(^|\.)(x|twitter)\.com$/, "X"],
  [/(^|\.)(youtube\.com|youtu\.be)$/, "YouTube"],
  [/(^|\.)vimeo\.com$/, "Vimeo"],
  [/(^|\.)instagram\.com$/, "Instagram"],
  [/(^|\.)(facebook\.com|fb\.watch)$/, "Facebook"],
  [/(^|\.)tiktok\.com$/, "TikTok"],
  [/^bsky\.app$/, "Bluesky"],
]
let dialogs = 0

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue
    if (name === "text") node.textContent = value
    else if (name === "className") node.className = value
    else node.setAttribute(name, value === true ? "" : value)
  }
  node.append(...children)
  return node
}

function providerName(url) {
  try {
    const address = new URL(url)
    if (!/^https?:$/.test(address.protocol)) return ""
    const found = PROVIDERS.find(([pattern]) => pattern.test(address.hostname))
    if (found) return found[1]
    if (/^\/@\w+(@[\w.-]+)?\/\d+\/?$/.test(address.pathname)) return "Mastodon"
    return address.hostname
  } catch {
    return ""
  }
}

// --- finding pictures in the library ----------------------------------------------------

async function findPictures(options, term) {
  const address = new URL(options.searchUrl, window.location.href)
  address.search = new URLSearchParams({
    app_label: "articles",
    model_name: "article",
    field_name: "hero_image",
    term,
  }).toString()
  try {
    const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    return response.ok ? (await response.json()).results || [] : []
  } catch {
    return []
  }
}

async function picturePreview(options, id) {
  if (!id) return null
  try {
    const url = options.previewUrl.replace("__fk__", encodeURIComponent(id))
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    return response.ok ? await response.json() : null
  } catch {
    return null
  }
}

function thumbnail(options, id) {
  const img = element("img", { className: "newsroom-body-block__thumb", alt: "", width: 96, height: 64 })
  picturePreview(options, id).then((picture) => {
    if (picture) {
      img.src = picture.src
      img.alt = picture.alt || ""
    } else {
      img.alt = gettext("Picture not found")
    }
  })
  return img
}

// One search box and its results; ``onPick({id, text})`` for each picture chosen.
function pictureSearch(options, id, onPick) {
  let searching = null
  const input = element("input", { type: "search", id: `${id}-search`, autocomplete: "off", "aria-controls": `${id}-results` })
  const results = element("ul", { className: "newsroom-body-chooser__results", id: `${id}-results`, "aria-label": gettext("Pictures found") })
  input.addEventListener("input", () => {
    clearTimeout(searching)
    const term = input.value.trim()
    if (!term) return results.replaceChildren()
    searching = setTimeout(async () => {
      const found = await findPictures(options, term)
      if (term !== input.value.trim()) return
      results.replaceChildren(
        ...(found.length
          ? found.map((result) => {
              const button = element("button", { type: "button", text: result.text })
              button.addEventListener("click", () => onPick({ id: String(result.id), text: result.text }))
              return element("li", {}, [button])
            })
          : [element("li", { text: gettext("No picture found.") })]),
      )
    }, SEARCH_DELAY_MS)
  })
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault()
      results.querySelector("button")?.click()
    }
  })
  return element("div", { className: "newsroom-body-chooser__search" }, [
    element("label", { for: input.id, text: gettext("Find a picture in the library: caption, credit or description") }),
    input,
    results,
  ])
}

// --- the forms --------------------------------------------------------------------------

function field(id, label, input, help) {
  input.id = id
  const parts = [element("label", { for: id, text: label }), input]
  if (help) {
    const note = element("p", { className: "help", id: `${id}-help`, text: help })
    input.setAttribute("aria-describedby", note.id)
    parts.push(note)
  }
  return element("div", { className: "newsroom-body-chooser__field" }, parts)
}

// A modal form: ``build(id)`` gives its fields and a ``values()`` that returns what to
// insert, or a sentence saying what is missing.
function chooser(title, submitText, build) {
  return new Promise((resolve) => {
    const id = `newsroom-body-${++dialogs}`
    const { fields, values, focus } = build(id)
    const problem = element("p", { className: "errornote", role: "alert", hidden: true })
    const heading = element("h2", { id: `${id}-heading`, text: title })
    const submit = element("button", { type: "submit", className: "button default", text: submitText })
    const cancel = element("button", { type: "button", className: "button", text: gettext("Cancel") })
    const form = element("form", { method: "dialog" }, [
      heading,
      ...fields,
      problem,
      element("p", { className: "newsroom-body-chooser__buttons" }, [submit, " ", cancel]),
    ])
    const dialog = element("dialog", { className: "newsroom-body-chooser", "aria-labelledby": heading.id }, [form])
    function finish(value) {
      dialog.close()
      dialog.remove()
      resolve(value)
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const result = values()
      if (typeof result === "string") {
        problem.textContent = result
        problem.hidden = false
        return
      }
      finish(result)
    })
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      finish(null)
    })
    document.body.append(dialog)
    dialog.showModal()
    focus?.focus()
  })
}

function sizeSelect(current) {
  const select = element("select")
  for (const [value, label] of Object.entries(SIZES())) {
    select.append(element("option", { value, text: label, selected: value === (current || "column") }))
  }
  return select
}

function pictureForm(options, current = {}) {
  return chooser(
    current.image ? gettext("Change the picture") : gettext("Insert a picture"),
    current.image ? gettext("Save changes") : gettext("Insert"),
    (id) => {
      let chosen = current.image ? { id: current.image, text: current.label || "" } : null
      const chosenText = element("p", { className: "newsroom-body-chooser__chosen", "aria-live": "polite" })
      const show = () => {
        chosenText.textContent = chosen ? `${gettext("Chosen:")} ${chosen.text || chosen.id}` : gettext("No picture chosen.")
      }
      const search = pictureSearch(options, id, (picked) => {
        chosen = picked
        show()
        caption.focus()
      })
      const caption = element("input", { type: "text", value: current.caption || "", size: 50, maxlength: 500 })
      const size = sizeSelect(current.size)
      const href = element("input", { type: "url", value: current.href || "", size: 50 })
      show()
      return {
        fields: [
          search,
          chosenText,
          field(`${id}-caption`, gettext("Caption in this story"), caption, gettext("Leave empty to use the library's caption.")),
          field(`${id}-size`, gettext("Size"), size),
          field(`${id}-href`, gettext("Link (optional)"), href),
        ],
        focus: search.querySelector("input"),
        values() {
          if (!chosen) return gettext("Choose a picture from the library.")
          const link = href.value.trim()
          if (link && !/^https?:\/\/\S+$/i.test(link)) return gettext("A link needs a web address starting with http:// or https://.")
          return { image: chosen.id, label: chosen.text, caption: caption.value.trim(), size: size.value, href: link }
        },
      }
    },
  )
}

function galleryForm(options, current = {}) {
  return chooser(
    current.images ? gettext("Change the gallery") : gettext("Insert a gallery"),
    current.images ? gettext("Save changes") : gettext("Insert"),
    (id) => {
      const chosen = (current.images || "").split(" ").filter(Boolean).map((pk) => ({ id: pk, text: `#${pk}` }))
      const list = element("ol", { className: "newsroom-body-chooser__gallery", "aria-label": gettext("Pictures in the gallery, in order") })
      function draw() {
        list.replaceChildren(
          ...chosen.map((picture, index) => {
            const remove = element("button", { type: "button", className: "button", text: gettext("Remove") })
            remove.addEventListener("click", () => {
              chosen.splice(index, 1)
              draw()
            })
            const up = element("button", { type: "button", className: "button", text: gettext("Move up"), disabled: index === 0 })
            up.addEventListener("click", () => {
              chosen.splice(index - 1, 0, chosen.splice(index, 1)[0])
              draw()
            })
            return element("li", {}, [thumbnail(options, picture.id), ` ${picture.text} `, up, " ", remove])
          }),
        )
      }
      const search = pictureSearch(options, id, (picked) => {
        if (!chosen.some((picture) => picture.id === picked.id)) chosen.push(picked)
        draw()
      })
      draw()
      return {
        fields: [search, list],
        focus: search.querySelector("input"),
        values() {
          if (chosen.length < 2) return gettext("A gallery needs at least two pictures.")
          return { images: chosen.map((picture) => picture.id).join(" ") }
        },
      }
    },
  )
}

function embedForm(current = {}) {
  return chooser(
    current.url ? gettext("Change the embedded post") : gettext("Embed a post or video"),
    current.url ? gettext("Save changes") : gettext("Insert"),
    (id) => {
      const url = element("input", { type: "url", value: current.url || "", size: 50, required: true })
      const recognised = element("p", { className: "help", "aria-live": "polite" })
      const showProvider = () => {
        const name = providerName(url.value.trim())
        recognised.textContent = name ? `${gettext("From:")} ${name}` : ""
      }
      url.addEventListener("input", showProvider)
      const text = element("textarea", { rows: 3, cols: 50 })
      text.value = current.text || ""
      const author = element("input", { type: "text", value: current.author || "", size: 40, maxlength: 200 })
      const date = element("input", { type: "date", value: current.date || "" })
      showProvider()
      return {
        fields: [
          field(`${id}-url`, gettext("Address of the post or video (X, YouTube, Vimeo, Instagram, Facebook, TikTok, Bluesky, Mastodon …)"), url),
          recognised,
          field(`${id}-text`, gettext("What it says"), text, gettext("Readers see this text and a link; the post itself loads only if they ask.")),
          field(`${id}-author`, gettext("Who posted it"), author),
          field(`${id}-date`, gettext("Posted on"), date),
        ],
        focus: url,
        values() {
          const address = url.value.trim()
          if (!/^https?:\/\/\S+$/i.test(address)) return gettext("Give the post's web address, starting with http:// or https://.")
          return { url: address, text: text.value.trim(), author: author.value.trim(), date: date.value }
        },
      }
    },
  )
}

// --- the blocks -------------------------------------------------------------------------

function insertionPoint(state) {
  const $from = state.selection.$from
  if ($from.depth === 0) return $from.pos
  const block = $from.node(1)
  return block.isTextblock && block.content.size === 0 ? $from.before(1) : $from.after(1)
}

function insertBlock(editor, type, attrs) {
  const pos = insertionPoint(editor.state)
  const tr = editor.state.tr.insert(pos, type.create(attrs))
  tr.setSelection(pm.state.NodeSelection.create(tr.doc, pos))
  editor.view.dispatch(tr.scrollIntoView())
  editor.commands.focus()
}

// The node's attribute ``key``, stored as data-``name``.
function dataAttribute(key, name = key, fallback = "") {
  return {
    default: fallback,
    parseHTML: (dom) => dom.getAttribute(`data-${name}`) || fallback,
    renderHTML: (attrs) => (attrs[key] ? { [`data-${name}`]: attrs[key] } : {}),
  }
}

// A block's frame in the editor: a handle, what it shows, and Change / Remove.
function blockView({ node, getPos, editor }, describe, change) {
  let current = node
  const body = element("span", { className: "newsroom-body-block__body" })
  const tools = element("span", { className: "newsroom-related-block__tools" })
  const dom = element("div", { className: "newsroom-related-block newsroom-body-block", contenteditable: "false", draggable: "true", role: "group" }, [
    element("span", { className: "newsroom-related-block__handle", "aria-hidden": "true", text: "⠿" }),
    body,
    tools,
  ])
  const draw = () => {
    const { label, children } = describe(current.attrs)
    body.replaceChildren(...children)
    dom.setAttribute("aria-label", label)
  }
  const changeButton = element("button", { type: "button", className: "button", text: gettext("Change") })
  changeButton.addEventListener("click", () =>
    change(current.attrs).then((attrs) => {
      const pos = getPos()
      if (attrs && typeof pos === "number") {
        editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, ...attrs }))
      }
      editor.commands.focus()
    }),
  )
  const removeButton = element("button", { type: "button", className: "button", text: gettext("Remove") })
  removeButton.addEventListener("click", () => {
    const pos = getPos()
    editor.view.dispatch(editor.state.tr.delete(pos, pos + current.nodeSize))
    editor.commands.focus()
  })
  tools.append(changeButton, " ", removeButton)
  draw()
  return {
    dom,
    update(updated) {
      if (updated.type !== current.type) return false
      current = updated
      draw()
      return true
    },
    stopEvent: (event) => Boolean(event.target.closest?.("button")),
    ignoreMutation: () => true,
  }
}

// An icon (the editor's own icon font) with its name for screen readers and a tooltip:
// the toolbar keeps to one line on a laptop.
function menuButton(buttons, words, title, icon) {
  const button = icon ? buttons.material(icon, title) : buttons.text(words, title)
  if (!icon) button.classList.add("newsroom-toolbar__words")
  button.title = `${words}: ${title}`
  button.setAttribute("aria-label", words)
  button.setAttribute("aria-haspopup", "dialog")
  return button
}

export const BodyPicture = Node.create({
  name: "bodyPicture",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addOptions: () => ({ searchUrl: "", previewUrl: "" }),
  addAttributes() {
    return {
      image: dataAttribute("image", "picture"),
      size: dataAttribute("size", "size", "column"),
      href: dataAttribute("href"),
      caption: {
        default: "",
        parseHTML: (dom) => dom.querySelector("figcaption")?.textContent.trim() || "",
        renderHTML: () => ({}),
      },
      label: { default: "", parseHTML: () => "", renderHTML: () => ({}) },
    }
  },
  parseHTML: () => [{ tag: "figure[data-picture]" }],
  renderHTML({ node, HTMLAttributes }) {
    return node.attrs.caption ? ["figure", HTMLAttributes, ["figcaption", node.attrs.caption]] : ["figure", HTMLAttributes]
  },
  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "bodyPicture",
      groups: "media",
      button: menuButton(buttons, gettext("Picture"), gettext("Insert a picture from the library after the paragraph the cursor is in"), "image"),
      command(editor) {
        pictureForm(options).then((attrs) => attrs && insertBlock(editor, editor.schema.nodes.bodyPicture, attrs))
      },
    })
  },
  addNodeView() {
    const options = this.options
    return (props) =>
      blockView(
        props,
        (attrs) => ({
          label: `${gettext("Picture")}: ${attrs.caption || attrs.label || attrs.image}`,
          children: [
            thumbnail(options, attrs.image),
            element("strong", { text: ` ${gettext("Picture")} (${SIZES()[attrs.size] || attrs.size}): ` }),
            attrs.caption || attrs.label || gettext("the library's caption"),
          ],
        }),
        (attrs) => pictureForm(options, attrs),
      )
  },
})

export const BodyGallery = Node.create({
  name: "bodyGallery",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addOptions: () => ({ searchUrl: "", previewUrl: "" }),
  addAttributes: () => ({ images: dataAttribute("images", "gallery") }),
  parseHTML: () => [{ tag: "div[data-gallery]" }],
  renderHTML: ({ HTMLAttributes }) => ["div", HTMLAttributes],
  addMenuItems({ menu, buttons }) {
    const options = this.options
    menu.defineItem({
      name: "bodyGallery",
      groups: "media",
      button: menuButton(buttons, gettext("Gallery"), gettext("Insert a gallery of pictures from the library"), "photo_library"),
      command(editor) {
        galleryForm(options).then((attrs) => attrs && insertBlock(editor, editor.schema.nodes.bodyGallery, attrs))
      },
    })
  },
  addNodeView() {
    const options = this.options
    return (props) =>
      blockView(
        props,
        (attrs) => {
          const ids = attrs.images.split(" ").filter(Boolean)
          return {
            label: `${gettext("Gallery")}: ${ids.length}`,
            children: [element("strong", { text: `${gettext("Gallery")}: ` }), ...ids.map((pk) => thumbnail(options, pk))],
          }
        },
        (attrs) => galleryForm(options, attrs),
      )
  },
})

export const BodyEmbed = Node.create({
  name: "bodyEmbed",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes: () => ({
    url: dataAttribute("url", "embed"),
    author: dataAttribute("author"),
    date: dataAttribute("date"),
    text: {
      default: "",
      parseHTML: (dom) => dom.querySelector("blockquote")?.textContent.trim() || "",
      renderHTML: () => ({}),
    },
  }),
  parseHTML: () => [{ tag: "figure[data-embed]" }],
  renderHTML: ({ node, HTMLAttributes }) => ["figure", HTMLAttributes, ["blockquote", node.attrs.text]],
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "bodyEmbed",
      groups: "media",
      button: menuButton(buttons, gettext("Embed"), gettext("Embed a post or video: readers get its text and a link, and load it only if they ask"), "smart_display"),
      command(editor) {
        embedForm().then((attrs) => attrs && insertBlock(editor, editor.schema.nodes.bodyEmbed, attrs))
      },
    })
  },
  addNodeView() {
    return (props) =>
      blockView(
        props,
        (attrs) => {
          const from = providerName(attrs.url)
          return {
            label: `${gettext("Embedded post")}: ${from}`,
            children: [
              element("strong", { text: `${gettext("Embedded post")} (${from}): ` }),
              [attrs.author, attrs.text].filter(Boolean).join(" — ") || attrs.url,
            ],
          }
        },
        (attrs) => embedForm(attrs),
      )
  },
})

// A table's caption (<table data-caption>; readers get a <caption>), and its button.
export const TableCaption = Extension.create({
  name: "tableCaption",
  addGlobalAttributes: () => [{ types: ["table"], attributes: { caption: dataAttribute("caption") } }],
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "tableCaption",
      groups: "table",
      button: menuButton(buttons, gettext("Table caption"), gettext("What the table shows, read first by screen readers")),
      hidden: (editor) => !editor.isActive("table"),
      command(editor) {
        const current = editor.getAttributes("table").caption || ""
        chooser(gettext("Table caption"), gettext("Save changes"), (id) => {
          const input = element("input", { type: "text", value: current, size: 50, maxlength: 300 })
          return {
            fields: [field(`${id}-caption`, gettext("Caption"), input)],
            focus: input,
            values: () => ({ caption: input.value.trim() }),
          }
        }).then((attrs) => {
          if (attrs) editor.chain().focus().updateAttributes("table", attrs).run()
        })
      },
    })
  },
})
