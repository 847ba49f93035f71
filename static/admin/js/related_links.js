// READ MORE links and Recommended stories as blocks in the story body's editor.
//
// The server draws each of the story's links into the body as an empty
// <aside data-newsroom-related="read_more" data-item=… data-target=… data-url=…
// data-title=… data-label=… data-note=…> at its place (desk/related_blocks.py), and on
// save takes the blocks out again and places each link where its block sits: the body
// readers get never holds one. Here each is a block of its own that can be dragged,
// cut and pasted, moved up or down with its buttons, edited or removed.
//
// The toolbar's button opens a small chooser: one of our stories, found by its
// headline through the admin's own autocomplete (permission-checked by the admin), or,
// for READ MORE, a page elsewhere with its link text. The block goes after the
// paragraph the cursor is in (on an empty line: there, with the cursor kept below it).
//
// An ES module loaded by django-prose-editor's "configurable" preset: no inline script.
// Its words come from the admin's JavaScript catalog; the kinds' names from the form.

import { Node, pm } from "django-prose-editor/editor"

const gettext = (text) => (window.gettext ? window.gettext(text) : text)
const interpolate = (text, values) =>
  window.interpolate
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (_match, name) => values[name])

const MARKER = "data-newsroom-related"
const SEARCH_DELAY_MS = 250
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

function kindName(options, kind) {
  return (options.kinds && options.kinds[kind]) || kind
}

// --- the chooser -------------------------------------------------------------------------

function chooser(options, current) {
  return new Promise((resolve) => {
    const id = `newsroom-related-${++dialogs}`
    const attrs = current || { kind: "read_more", target: "", url: "", title: "", label: "" }
    let chosen = attrs.target ? { id: attrs.target, text: attrs.label } : null
    let searching = null

    const kindInputs = ["read_more", "recommended"].map((kind) =>
      element("input", {
        type: "radio",
        name: `${id}-kind`,
        value: kind,
        id: `${id}-${kind}`,
        checked: attrs.kind === kind,
      }),
    )
    const kinds = element("fieldset", { className: "newsroom-related-chooser__kinds" }, [
      element("legend", { text: gettext("Insert") }),
      ...kindInputs.map((input) =>
        element("label", { for: input.id }, [input, " ", kindName(options, input.value)]),
      ),
    ])

    const search = element("input", {
      type: "search",
      id: `${id}-search`,
      autocomplete: "off",
      "aria-controls": `${id}-results`,
      "aria-describedby": `${id}-chosen`,
    })
    const results = element("ul", {
      className: "newsroom-related-chooser__results",
      id: `${id}-results`,
      "aria-label": gettext("Stories found"),
    })
    const chosenText = element("p", {
      className: "newsroom-related-chooser__chosen",
      id: `${id}-chosen`,
      "aria-live": "polite",
    })
    const story = element("div", { className: "newsroom-related-chooser__story" }, [
      element("label", { for: search.id, text: gettext("One of our stories: search by headline") }),
      search,
      results,
      chosenText,
    ])

    const url = element("input", { type: "url", id: `${id}-url`, value: attrs.url, size: 50 })
    const elsewhere = element("div", { className: "newsroom-related-chooser__elsewhere" }, [
      element("label", { for: url.id, text: gettext("…or a page elsewhere (READ MORE only): its web address") }),
      url,
    ])
    const title = element("input", { type: "text", id: `${id}-title`, value: attrs.title, size: 50, maxlength: 250 })
    const titleHelp = element("p", {
      className: "help",
      id: `${id}-title-help`,
      text: gettext("Leave empty to use the story's headline; a page elsewhere needs it."),
    })
    title.setAttribute("aria-describedby", titleHelp.id)
    const linkText = element("div", {}, [
      element("label", { for: title.id, text: gettext("Link text") }),
      title,
      titleHelp,
    ])

    const problem = element("p", { className: "errornote", role: "alert", hidden: true })
    const insert = element("button", {
      type: "submit",
      className: "button default",
      text: current ? gettext("Save changes") : gettext("Insert"),
    })
    const cancel = element("button", { type: "button", className: "button", text: gettext("Cancel") })
    const heading = element("h2", {
      id: `${id}-title-heading`,
      text: current ? gettext("Change the link") : gettext("Insert a READ MORE link or a Recommended story"),
    })
    const form = element("form", { method: "dialog" }, [
      heading,
      kinds,
      story,
      elsewhere,
      linkText,
      problem,
      element("p", { className: "newsroom-related-chooser__buttons" }, [insert, " ", cancel]),
    ])
    const dialog = element("dialog", { className: "newsroom-related-chooser", "aria-labelledby": heading.id }, [form])

    const kind = () => kindInputs.find((input) => input.checked)?.value || "read_more"

    function showChosen() {
      chosenText.textContent = chosen
        ? interpolate(gettext("Chosen: %(headline)s"), { headline: chosen.text })
        : gettext("No story chosen.")
    }

    function showKind() {
      // Recommended is always one of our stories.
      const recommended = kind() === "recommended"
      elsewhere.hidden = recommended
      if (recommended) url.value = ""
    }

    function choose(result) {
      chosen = result
      url.value = ""
      showChosen()
      results.replaceChildren()
      search.value = ""
      title.focus()
    }

    async function find(term) {
      const address = new URL(options.searchUrl, window.location.href)
      address.search = new URLSearchParams({
        app_label: "articles",
        model_name: "relateditem",
        field_name: "target",
        term,
      }).toString()
      let found = []
      try {
        const response = await fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        if (response.ok) found = (await response.json()).results || []
      } catch {
        found = []
      }
      if (term !== search.value.trim()) return // a newer search is on its way
      const own = String(options.story || "")
      const rows = found
        .filter((result) => String(result.id) !== own)
        .map((result) => {
          const button = element("button", { type: "button", text: result.text })
          button.addEventListener("click", () => choose({ id: String(result.id), text: result.text }))
          return element("li", {}, [button])
        })
      results.replaceChildren(...(rows.length ? rows : [element("li", { text: gettext("No story found.") })]))
    }

    search.addEventListener("input", () => {
      clearTimeout(searching)
      const term = search.value.trim()
      if (!term) {
        results.replaceChildren()
        return
      }
      searching = setTimeout(() => find(term), SEARCH_DELAY_MS)
    })
    search.addEventListener("keydown", (event) => {
      // Enter picks the first story found rather than submitting the chooser.
      if (event.key === "Enter") {
        event.preventDefault()
        results.querySelector("button")?.click()
      }
    })
    url.addEventListener("input", () => {
      if (url.value.trim() && chosen) {
        chosen = null
        showChosen()
      }
    })
    for (const input of kindInputs) input.addEventListener("change", showKind)

    function finish(value) {
      dialog.close()
      dialog.remove()
      resolve(value)
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const values = { kind: kind(), target: "", url: "", title: title.value.trim(), label: "" }
      if (chosen) {
        values.target = chosen.id
        values.label = values.title || chosen.text
      } else if (url.value.trim() && values.kind === "read_more") {
        if (!url.checkValidity() || !/^https?:\/\//i.test(url.value.trim())) {
          problem.textContent = gettext("A page elsewhere needs a web address starting with http:// or https://.")
          problem.hidden = false
          url.focus()
          return
        }
        if (!values.title) {
          problem.textContent = gettext("Give the external link a title.")
          problem.hidden = false
          title.focus()
          return
        }
        values.url = url.value.trim()
        values.label = values.title
      } else {
        problem.textContent =
          values.kind === "recommended"
            ? gettext("Choose one of our stories.")
            : gettext("Choose one of our stories, or give a page elsewhere.")
        problem.hidden = false
        search.focus()
        return
      }
      finish(values)
    })
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault()
      finish(null)
    })

    showChosen()
    showKind()
    document.body.append(dialog)
    dialog.showModal()
    search.focus()
  })
}

// --- where a new block goes ------------------------------------------------------------------

function insertionPoint(state) {
  const { selection } = state
  if (selection instanceof pm.state.NodeSelection && selection.$from.depth === 0) {
    return { pos: selection.to, select: true }
  }
  const $from = selection.$from
  if ($from.depth === 0) return { pos: $from.pos, select: true } // between blocks
  const block = $from.node(1)
  if (block.isTextblock && block.content.size === 0) {
    return { pos: $from.before(1), select: false } // an empty line: the block goes there
  }
  return { pos: $from.after(1), select: true } // after the paragraph the cursor is in
}

// --- the block -------------------------------------------------------------------------------

function attribute(name) {
  return {
    default: "",
    parseHTML: (dom) => dom.getAttribute(`data-${name}`) || "",
    renderHTML: (attrs) => (attrs[name] ? { [`data-${name}`]: attrs[name] } : {}),
  }
}

export const RelatedLinks = Node.create({
  name: "relatedLink",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,

  addOptions() {
    return { searchUrl: "", story: null, kinds: {} }
  },

  addAttributes() {
    return {
      kind: {
        default: "read_more",
        parseHTML: (dom) => dom.getAttribute(MARKER) || "read_more",
        renderHTML: (attrs) => ({ [MARKER]: attrs.kind }),
      },
      item: attribute("item"),
      target: attribute("target"),
      url: attribute("url"),
      title: attribute("title"),
      label: attribute("label"),
      note: attribute("note"),
    }
  },

  parseHTML() {
    return [{ tag: `aside[${MARKER}]` }]
  },

  // Empty: its words are the node view's, so nothing of it could ever read as text.
  renderHTML({ HTMLAttributes }) {
    return ["aside", HTMLAttributes]
  },

  addCommands() {
    return {
      insertRelatedLink:
        (attrs) =>
        ({ state, dispatch }) => {
          const { pos, select } = insertionPoint(state)
          const node = this.type.create(attrs)
          if (dispatch) {
            const tr = state.tr.insert(pos, node)
            if (select) tr.setSelection(pm.state.NodeSelection.create(tr.doc, pos))
            dispatch(tr.scrollIntoView())
          }
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    const words = gettext("READ MORE / Recommended")
    const button = buttons.text(
      words,
      gettext("Insert a READ MORE link or a Recommended story after the paragraph the cursor is in"),
    )
    button.classList.add("newsroom-toolbar__words")
    button.setAttribute("aria-label", words)
    button.setAttribute("aria-haspopup", "dialog")
    menu.defineItem({
      name: "relatedLink",
      groups: "related",
      button,
      command(editor) {
        chooser(options).then((attrs) => {
          editor.commands.focus()
          if (attrs) editor.commands.insertRelatedLink(attrs)
        })
      },
    })
  },

  addNodeView() {
    const options = this.options
    return ({ node, getPos, editor }) => {
      let current = node
      const kind = element("strong", { className: "newsroom-related-block__kind" })
      const label = element("span", { className: "newsroom-related-block__label" })
      const note = element("span", { className: "newsroom-related-block__note" })
      const tools = element("span", { className: "newsroom-related-block__tools" })
      const dom = element(
        "div",
        { className: "newsroom-related-block", contenteditable: "false", draggable: "true", role: "group" },
        [
          element("span", { className: "newsroom-related-block__handle", "aria-hidden": "true", text: "⠿" }),
          element("span", { className: "newsroom-related-block__text" }, [kind, " ", label, note]),
          tools,
        ],
      )

      function tool(text, action) {
        const button = element("button", { type: "button", className: "button", text, "data-action": action })
        tools.append(button)
        return button
      }

      function draw() {
        const { attrs } = current
        const name = kindName(options, attrs.kind)
        const text = attrs.label || attrs.title || attrs.url || ""
        kind.textContent = `${name}:`
        label.textContent = text
        note.textContent = attrs.note ? ` (${attrs.note})` : ""
        dom.dataset.kind = attrs.kind
        dom.setAttribute("aria-label", `${name}: ${text}`)
      }

      // Moves the block one place up or down among its neighbours, and keeps the
      // keyboard's focus on the same button of the block in its new place.
      function move(step, action) {
        const pos = getPos()
        const { state } = editor
        const $pos = state.doc.resolve(pos)
        const index = $pos.index()
        const parent = $pos.parent
        const neighbour = parent.maybeChild(index + step)
        if (!neighbour) return
        const to = step < 0 ? pos - neighbour.nodeSize : pos + neighbour.nodeSize
        const tr = state.tr.delete(pos, pos + current.nodeSize).insert(to, current)
        tr.setSelection(pm.state.NodeSelection.create(tr.doc, to))
        editor.view.dispatch(tr.scrollIntoView())
        editor.view.nodeDOM(to)?.querySelector(`[data-action="${action}"]`)?.focus()
      }

      tool(gettext("Move up"), "up").addEventListener("click", () => move(-1, "up"))
      tool(gettext("Move down"), "down").addEventListener("click", () => move(1, "down"))
      tool(gettext("Change"), "change").addEventListener("click", () => {
        chooser(options, current.attrs).then((attrs) => {
          const pos = getPos()
          if (attrs && typeof pos === "number") {
            editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...current.attrs, ...attrs, note: "" }))
          }
          editor.commands.focus()
        })
      })
      tool(gettext("Remove"), "remove").addEventListener("click", () => {
        const pos = getPos()
        editor.view.dispatch(editor.state.tr.delete(pos, pos + current.nodeSize))
        editor.commands.focus()
      })
      draw()

      return {
        dom,
        update(updated) {
          if (updated.type !== current.type) return false
          current = updated
          draw()
          return true
        },
        // The buttons are the block's own: the editor leaves their clicks alone.
        stopEvent: (event) => Boolean(event.target.closest?.("button")),
        ignoreMutation: () => true,
      }
    }
  },
})
