// The story body's editor as the desk uses it: django-prose-editor's extensions, with
// the desk's own loaded beside them (desk/admin/story_forms.py names them; settings'
// DJANGO_PROSE_EDITOR_EXTENSIONS says which file holds which).
//
// NewsroomToolbar: every button says what it does in the admin's language (a tooltip
// and an accessible name; the block types in words on the button itself), the
// subheadings are buttons of their own, and "Shortcuts" (or Ctrl+/ in the text, or "?"
// outside any field) lists the keys and the Markdown-style typing that really work in
// this editor: only those of the extensions it has.
//
// CleanPaste: text pasted from Word or Google Docs comes in as the body's own structure
// (paragraphs, subheadings, lists, quotations, bold, italic, links). The editor's schema
// already drops what it cannot hold; this turns Word's list paragraphs into lists,
// headings the body does not have into those it has, and leaves out Word's empty lines,
// comments and namespaced tags. The server's sanitiser (articles/richtext.py) still
// has the last word on save.
//
// An ES module loaded by django-prose-editor's "configurable" preset: no inline script.
// Its words come from the admin's JavaScript catalog (admin:jsi18n, loaded by the form).

import { Extension, isMacOS, Plugin } from "django-prose-editor/editor"

const gettext = (text) => (window.gettext ? window.gettext(text) : text)
const interpolate = (text, values) =>
  window.interpolate
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (_match, name) => values[name])

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value
    else if (name === "className") node.className = value
    else node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}

// --- keys, as this computer names them ---------------------------------------------------

function keyNames(keys) {
  const mac = isMacOS()
  const names = {
    Mod: mac ? "⌘" : gettext("Ctrl"),
    Alt: mac ? "⌥" : gettext("Alt"),
    Shift: mac ? "⇧" : gettext("Shift"),
    Enter: gettext("Enter"),
    Tab: gettext("Tab"),
  }
  return keys.split("-").map((key) => names[key] || key.toUpperCase())
}

function keysText(keys) {
  return keyNames(keys).join("+")
}

function kbd(keys) {
  const parts = []
  for (const [index, name] of keyNames(keys).entries()) {
    if (index) parts.push("+")
    parts.push(element("kbd", { text: name }))
  }
  return element("kbd", {}, parts)
}

function typed(text) {
  return element("kbd", { className: "newsroom-shortcuts__typed", text })
}

// --- the toolbar ---------------------------------------------------------------------------

// Menu items (django-prose-editor's names) and what their buttons say. "words" puts the
// label on the button itself; the others keep their icon and get the label as tooltip.
function toolbarLabels() {
  return {
    paragraph: { label: gettext("Text"), keys: "Mod-Alt-0", words: true, first: true },
    heading2: { label: gettext("Heading 2"), keys: "Mod-Alt-2", words: true },
    heading3: { label: gettext("Heading 3"), keys: "Mod-Alt-3", words: true },
    bulletList: { label: gettext("Bulleted list"), keys: "Mod-Shift-8" },
    orderedList: { label: gettext("Numbered list"), keys: "Mod-Shift-7" },
    orderedListProperties: { label: gettext("Numbered list: numbering") },
    blockquote: { label: gettext("Quotation"), keys: "Mod-Shift-b" },
    bold: { label: gettext("Bold"), keys: "Mod-b" },
    italic: { label: gettext("Italic"), keys: "Mod-i" },
    link: { label: gettext("Link"), keys: "Mod-k" },
    unlink: { label: gettext("Remove link") },
    "history:undo": { label: gettext("Undo"), keys: "Mod-z" },
    "history:redo": { label: gettext("Redo"), keys: "Mod-Shift-z" },
  }
}

function tooltip(label, keys) {
  return keys ? interpolate(gettext("%(label)s (%(keys)s)"), { label, keys: keysText(keys) }) : label
}

function labelButton(button, label, keys) {
  button.title = tooltip(label, keys)
  button.setAttribute("aria-label", label)
}

// --- the list of shortcuts -------------------------------------------------------------------

// Alternatives: "Ctrl+Shift+Z or Ctrl+Y".
function either(...ways) {
  const parts = []
  for (const [index, way] of ways.entries()) {
    if (index) parts.push(` ${gettext("or")} `)
    parts.push(way)
  }
  return element("span", {}, parts)
}

// Markdown-style marks typed at the start of a line, then a space.
function lineStart(marks) {
  return element("span", {}, [typed(marks), " ", gettext("and a space, at the start of a line")])
}

function shortcutRows(editor) {
  const { nodes, marks } = editor.schema
  const has = (name) => editor.extensionManager.extensions.some((e) => e.name === name)
  const heading = editor.extensionManager.extensions.find((e) => e.name === "heading")
  const levels = heading ? heading.options.levels : []
  const keys = []
  const typing = []
  // Each row: [id, what it does, how]. Only what this editor has; the browser tests
  // try every row by its id.
  if (marks.bold) {
    keys.push(["bold", gettext("Bold"), kbd("Mod-b")])
    typing.push(["bold-typed", gettext("Bold"), typed(gettext("**words**"))])
  }
  if (marks.italic) {
    keys.push(["italic", gettext("Italic"), kbd("Mod-i")])
    typing.push(["italic-typed", gettext("Italic"), typed(gettext("*words*"))])
  }
  if (marks.link) {
    keys.push(["link", gettext("Link the selected words"), kbd("Mod-k")])
    typing.push([
      "link-typed",
      gettext("Link"),
      element("span", {}, [typed("https://…"), " ", gettext("and a space")]),
    ])
  }
  keys.push(["paragraph", gettext("Text"), kbd("Mod-Alt-0")])
  for (const level of levels) {
    const label = interpolate(gettext("Heading %(level)s"), { level })
    keys.push([`heading${level}`, label, kbd(`Mod-Alt-${level}`)])
    typing.push([`heading${level}-typed`, label, lineStart("#".repeat(level))])
  }
  if (nodes.bulletList) {
    keys.push(["bulletList", gettext("Bulleted list"), kbd("Mod-Shift-8")])
    typing.push(["bulletList-typed", gettext("Bulleted list"), lineStart("-")])
  }
  if (nodes.orderedList) {
    keys.push(["orderedList", gettext("Numbered list"), kbd("Mod-Shift-7")])
  }
  if (nodes.listItem) {
    keys.push(["indent", gettext("Indent a list item"), kbd("Tab")])
    keys.push(["outdent", gettext("Outdent a list item"), kbd("Shift-Tab")])
  }
  if (nodes.blockquote) {
    keys.push(["blockquote", gettext("Quotation"), kbd("Mod-Shift-b")])
    typing.push(["blockquote-typed", gettext("Quotation"), lineStart(">")])
  }
  if (nodes.hardBreak) {
    keys.push(["hardBreak", gettext("New line in the same paragraph"), kbd("Shift-Enter")])
  }
  if (has("undoRedo") || has("history")) {
    keys.push(["undo", gettext("Undo"), kbd("Mod-z")])
    keys.push(["redo", gettext("Redo"), either(kbd("Mod-Shift-z"), kbd("Mod-y"))])
  }
  keys.push(["shortcuts", gettext("This list"), either(kbd("Mod-/"), typed("?"))])
  return { keys, typing }
}

function table(caption, how, rows) {
  return element("table", { className: "newsroom-shortcuts__table" }, [
    element("caption", { text: caption }),
    element("thead", {}, [
      element("tr", {}, [
        element("th", { scope: "col", text: gettext("Does") }),
        element("th", { scope: "col", text: how }),
      ]),
    ]),
    element(
      "tbody",
      {},
      rows.map(([id, label, how]) =>
        element("tr", { "data-shortcut": id }, [element("th", { scope: "row", text: label }), element("td", {}, [how])]),
      ),
    ),
  ])
}

function openShortcuts(editor) {
  const { keys, typing } = shortcutRows(editor)
  const title = element("h2", { text: gettext("Keyboard shortcuts"), id: `newsroom-shortcuts-${Date.now()}` })
  const close = element("button", { type: "button", className: "button", text: gettext("Close") })
  const dialog = element("dialog", { className: "newsroom-shortcuts", "aria-labelledby": title.id }, [
    title,
    table(gettext("Keys"), gettext("Press"), keys),
    table(gettext("While typing"), gettext("Type"), typing),
    element("p", { className: "newsroom-shortcuts__buttons" }, [close]),
  ])
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => {
    dialog.remove()
    editor.commands.focus()
  })
  document.body.append(dialog)
  dialog.showModal()
  close.focus()
}

// "?" outside any field opens the list for the page's (first) body editor.
let questionMarkFor = null

function listenForQuestionMark() {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey || !questionMarkFor) return
    const target = event.target
    if (target.closest?.("input, textarea, select, [contenteditable], dialog")) return
    event.preventDefault()
    openShortcuts(questionMarkFor)
  })
}

export const NewsroomToolbar = Extension.create({
  name: "newsroomToolbar",
  // After the other extensions: their menu items exist when this one labels them.
  priority: 10,

  addMenuItems({ menu, buttons }) {
    const labels = toolbarLabels()
    for (const item of menu.items("blockType nodes lists marks link history utility")) {
      const words = labels[item.name]
      if (!words || !item.button) continue
      if (words.words) {
        item.button = buttons.text(words.label, tooltip(words.label, words.keys))
        item.button.classList.add("newsroom-toolbar__words")
        item.button.setAttribute("aria-label", words.label)
      } else {
        labelButton(item.button, words.label, words.keys)
      }
      if (words.first) item.priority = 110
    }
    const button = buttons.text(gettext("Shortcuts"), tooltip(gettext("Keyboard shortcuts"), "Mod-/"))
    button.classList.add("newsroom-toolbar__words")
    button.setAttribute("aria-label", gettext("Shortcuts"))
    button.setAttribute("aria-haspopup", "dialog")
    menu.defineItem({
      name: "shortcuts",
      groups: "utility",
      button,
      command: (editor) => openShortcuts(editor),
    })
  },

  addKeyboardShortcuts() {
    return {
      "Mod-/": () => {
        openShortcuts(this.editor)
        return true
      },
    }
  },

  onCreate() {
    if (questionMarkFor === null) listenForQuestionMark()
    questionMarkFor = questionMarkFor || this.editor
    const element = this.editor.options.element
    if (element) followDisabled(element.closest(".prose-editor") || element)
    // The text box is named by the field's label ("Body"), as a textarea would be.
    const textarea = this.editor.options.element?.querySelector("textarea")
    const label = textarea?.id && document.querySelector(`label[for="${textarea.id}"]`)
    if (label) {
      label.id = label.id || `${textarea.id}-label`
      this.editor.view.dom.setAttribute("aria-labelledby", label.id)
      this.editor.view.dom.setAttribute("aria-multiline", "true")
    }
  },
})

// A button the editor cannot use now (a link with no text selected, Bold in a heading) is
// drawn faint by prose-editor's "disabled" class; assistive technology is told the same,
// as it would be of a disabled button, and checkers then judge it as one.
function followDisabled(root) {
  const mark = () => {
    for (const button of root.querySelectorAll(".prose-menubar__button")) {
      const off = String(button.classList.contains("disabled") && !button.classList.contains("active"))
      if (button.getAttribute("aria-disabled") !== off) button.setAttribute("aria-disabled", off)
    }
  }
  mark()
  new MutationObserver(mark).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] })
}

// --- paste from Word and Google Docs -------------------------------------------------------

const WORD_LIST = /mso-list:\s*l(\d+)\s+level(\d+)/i
const ORDERED_MARKER = /^\s*(\(?[0-9]+|[a-z]|[ivxlc]+)[.)]\s*$/i

function textOf(node) {
  return (node.textContent || "").replace(/\u00a0/g, " ").trim()
}

// Word writes a list as paragraphs styled "mso-list:l0 level1", each starting with its
// bullet or number in a span marked "mso-list:Ignore". Make them <ul>/<ol> with <li>s.
function wordLists(root) {
  const paragraphs = [...root.querySelectorAll("p")].filter((p) => WORD_LIST.test(p.getAttribute("style") || ""))
  let stack = []
  let previous = null
  for (const paragraph of paragraphs) {
    const [, list, levelText] = paragraph.getAttribute("style").match(WORD_LIST)
    const level = Number(levelText)
    const marker = paragraph.querySelector('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')
    const ordered = marker ? ORDERED_MARKER.test(textOf(marker)) : false
    if (marker) marker.remove()
    // A paragraph that does not follow the previous list paragraph starts a new list.
    if (previous === null || paragraph.previousElementSibling !== previous || stack[0]?.list !== list) {
      stack = []
    }
    while (stack.length > level) stack.pop()
    while (stack.length < level) {
      const tag = ordered ? "ol" : "ul"
      const container = document.createElement(tag)
      if (stack.length === 0) paragraph.before(container)
      else (stack.at(-1).element.lastElementChild || stack.at(-1).element).append(container)
      stack.push({ element: container, list })
    }
    const item = document.createElement("li")
    const text = document.createElement("p")
    text.append(...paragraph.childNodes)
    item.append(text)
    stack.at(-1).element.append(item)
    // The emptied paragraph stays in place until the next one is read, as a marker of
    // where this list is; it goes with the other empty paragraphs below.
    paragraph.replaceChildren()
    previous = paragraph
  }
}

export function cleanPastedHTML(html) {
  if (!/class="?Mso|urn:schemas-microsoft-com|docs-internal-guid|<o:p|mso-/i.test(html)) {
    return html // from the web or the editor itself: the schema's own rules do it
  }
  const doc = new DOMParser().parseFromString(html, "text/html")
  const root = doc.body
  // Comments (Word's <!--[if !supportLists]-->), styles, and Office's own tags.
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_COMMENT)
  const comments = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  for (const comment of comments) comment.remove()
  for (const node of root.querySelectorAll("style, meta, link, script, xml, title")) node.remove()
  for (const node of [...root.querySelectorAll("*")]) {
    if (node.isConnected && node.localName.includes(":")) node.replaceWith(...node.childNodes)
  }
  // Google Docs wraps everything in <b style="font-weight:normal" id="docs-internal-guid-…">
  // and puts <br>s between blocks: line breaks outside any paragraph, not empty lines.
  for (const wrapper of root.querySelectorAll('b[id^="docs-internal-guid"]')) {
    wrapper.replaceWith(...wrapper.childNodes)
  }
  for (const lineBreak of root.querySelectorAll(":scope > br")) lineBreak.remove()
  wordLists(root)
  // The body has level 2 and 3 headings only: a document's title level becomes the
  // subheading, the deeper ones the minor subheading.
  for (const heading of root.querySelectorAll("h1, h4, h5, h6")) {
    const level = heading.localName === "h1" ? "h2" : "h3"
    const replacement = doc.createElement(level)
    replacement.append(...heading.childNodes)
    heading.replaceWith(replacement)
  }
  // Word's and Docs' empty lines between paragraphs.
  for (const paragraph of root.querySelectorAll("p")) {
    if (!textOf(paragraph)) paragraph.remove()
  }
  return root.innerHTML
}

export const CleanPaste = Extension.create({
  name: "cleanPaste",

  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: (html) => cleanPastedHTML(html) } })]
  },
})
