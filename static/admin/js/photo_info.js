// The image form (articles/admin/library.py, ImageAdmin): when a file is chosen, the
// server reads what the photographer wrote into it (IPTC, XMP: photo_info_view) and the
// boxes the editor has left empty are filled with it, before anything is saved; a line
// under the file box says which, to check. Boxes already typed in are left alone. The
// credit's agency is set in its autocomplete through django.jQuery, as Select2 listens.
"use strict";
{
  const BOXES = ["caption", "creator", "copyright_notice", "taken_on", "location", "credit_text"];

  function csrfToken(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  }

  function say(input, text) {
    let line = input.closest(".form-row, .fieldBox, div")?.querySelector(".newsroom-photo-info");
    if (!line) {
      line = document.createElement("p");
      line.className = "help newsroom-photo-info";
      line.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", line);
    }
    line.textContent = text;
  }

  function fill(form, values) {
    for (const name of BOXES) {
      const box = form.elements.namedItem(name);
      if (box && !box.value && values[name]) box.value = values[name];
    }
    const source = form.elements.namedItem("credit_source");
    const credit = form.elements.namedItem("credit_text");
    if (source && values.credit_source && !source.value && !(credit && credit.value)) {
      const option = new Option(values.credit_source.text, values.credit_source.id, true, true);
      source.append(option);
      django.jQuery(source).trigger("change");
    }
  }

  async function read(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const form = input.form;
    const body = new FormData();
    body.append("file", file);
    // What the editor has typed already stays, and is not said to be filled.
    for (const name of [...BOXES, "credit_source"]) {
      if (form.elements.namedItem(name)?.value) body.append("typed", name);
    }
    let answer;
    try {
      const response = await fetch(input.dataset.photoInfoUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      });
      answer = await response.json();
    } catch {
      return; // the save still reads it; nothing is lost
    }
    if (answer.error) {
      say(input, answer.error);
      return;
    }
    fill(form, answer.values || {});
    say(input, answer.filled || "");
  }

  function start() {
    for (const input of document.querySelectorAll("input[type=file][data-photo-info-url]")) {
      input.addEventListener("change", () => read(input));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}
