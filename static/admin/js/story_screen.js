// The story screen (templates/admin/articles/article/change_form.html), as the editor
// types:
//   * the panel's checklist and counts, recomputed by the server from the form as it
//     stands (desk/admin/story_screen.py: the same rules as the workflow's);
//   * the live preview: the reader's page for the unsaved text, drawn by the server and
//     shown in a sandboxed frame at a desktop's or a phone's width;
//   * the byline's order: authors and agencies dragged into place, or moved with their
//     Move up / Move down buttons from the keyboard; the hidden position fields follow.
// Both addresses are posted the whole form after a pause in typing; nothing is saved.
// No libraries, no inline script, no eval: ready for a strict Content Security Policy.
// Messages come from the admin's JavaScript catalog (admin:jsi18n, loaded before this).
(function () {
  "use strict";

  // A row's Up or Down: named for a screen reader, explained on hover.
  function orderButton(marker, label, arrow) {
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute(marker, "");
    button.setAttribute("aria-label", label);
    button.title = label;
    button.textContent = arrow;
    return button;
  }

  var PAUSE_MS = 600;
  var KEPT = "newsroom.storyScreen.preview"; // the preview's width while open, per tab
  var gettext = window.gettext || function (text) { return text; };
  var interpolate =
    window.interpolate ||
    function (text, values) {
      return text.replace(/%\((\w+)\)s/g, function (_match, name) { return values[name]; });
    };

  // --- posting the form -------------------------------------------------------------

  function formData(form) {
    var data = new FormData(form);
    var files = [];
    data.forEach(function (value, name) {
      if (typeof File !== "undefined" && value instanceof File) {
        files.push(name);
      }
    });
    files.forEach(function (name) { data.delete(name); });
    return data;
  }

  function post(form, url) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    return fetch(url, {
      method: "POST",
      body: formData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response;
    });
  }

  // Calls ``work`` after a pause in the changes; one request at a time, and one more
  // after it when something changed meanwhile.
  function paced(work) {
    var timer = null;
    var running = false;
    var again = false;
    function run() {
      timer = null;
      if (running) {
        again = true;
        return;
      }
      running = true;
      Promise.resolve(work())
        .catch(function () {})
        .then(function () {
          running = false;
          if (again) {
            again = false;
            run();
          }
        });
    }
    return {
      soon: function () {
        if (timer) {
          window.clearTimeout(timer);
        }
        timer = window.setTimeout(run, PAUSE_MS);
      },
      now: run,
    };
  }

  // --- the checklist and the counts ---------------------------------------------------

  function startChecklist(form, screen) {
    var url = screen.getAttribute("data-checklist-url");
    var list = screen.querySelector("[data-checklist]");
    var counts = screen.querySelector("[data-counts]");
    if (!url || !list) {
      return null;
    }
    return paced(function () {
      list.setAttribute("aria-busy", "true");
      return post(form, url)
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          list.innerHTML = answer.checklist; // drawn and escaped by the server's template
          if (counts) {
            counts.textContent = answer.counts;
          }
        })
        .finally(function () {
          list.removeAttribute("aria-busy");
        });
    });
  }

  // --- the live preview ---------------------------------------------------------------

  function startPreview(form, screen) {
    var url = screen.getAttribute("data-preview-url");
    var part = screen.querySelector("[data-preview-part]");
    if (!url || !part) {
      return null;
    }
    var toggle = part.querySelector("[data-preview-toggle]");
    var region = part.querySelector("#story-preview");
    var box = part.querySelector("[data-preview-frame]");
    // Sandboxed: no script runs in it (the readers' pages have none of their own), it
    // reaches nothing of the admin's, and its links open in a new tab.
    var frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("data-preview", "");
    frame.title = box.getAttribute("data-preview-title") || "";
    var status = part.querySelector("[data-preview-status]");
    var widths = part.querySelectorAll("[data-preview-width]");
    var width = 1280;
    part.hidden = false;

    function fit() {
      var room = box.clientWidth || width;
      var scale = Math.min(1, room / width);
      frame.style.width = width + "px";
      frame.style.height = Math.round(box.clientHeight / scale) + "px";
      frame.style.transform = "scale(" + scale + ")";
    }

    function isOpen() {
      return !region.hidden;
    }

    var drawing = paced(function () {
      if (!isOpen()) {
        return null;
      }
      status.textContent = gettext("Updating the preview…");
      return post(form, url)
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var top = 0;
          try {
            top = frame.contentWindow.scrollY;
          } catch (error) {
            top = 0;
          }
          frame.addEventListener(
            "load",
            function () {
              try {
                frame.contentWindow.scrollTo(0, top);
              } catch (error) {
                // a frame from elsewhere: it keeps its own place
              }
            },
            { once: true }
          );
          // Its links open in a new tab, never inside the frame.
          frame.srcdoc = html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">');
          status.textContent = "";
        })
        .catch(function (error) {
          status.textContent = interpolate(
            gettext("The preview could not be updated (%(status)s)."),
            { status: error.message },
            true
          );
        });
    });

    // The preview stays open (and at its width) from page to page, as the editor left it.
    function remember() {
      try {
        window.sessionStorage.setItem(KEPT, isOpen() ? String(width) : "");
      } catch (error) {
        // storage refused (private browsing): the preview simply starts closed
      }
    }
    function kept() {
      try {
        return parseInt(window.sessionStorage.getItem(KEPT), 10) || 0;
      } catch (error) {
        return 0;
      }
    }

    function choose(chosen) {
      width = chosen;
      Array.prototype.forEach.call(widths, function (button) {
        var pressed = parseInt(button.getAttribute("data-preview-width"), 10) === chosen;
        button.setAttribute("aria-pressed", pressed ? "true" : "false");
      });
      fit();
    }

    function open(show) {
      if (show && !frame.parentNode) {
        box.appendChild(frame);
      }
      region.hidden = !show;
      toggle.setAttribute("aria-expanded", show ? "true" : "false");
      toggle.textContent = show ? gettext("Hide the live preview") : gettext("Show the live preview");
      screen.classList.toggle("story-screen--previewing", show);
      if (show) {
        fit();
        drawing.now();
      }
      remember();
    }

    toggle.addEventListener("click", function () {
      open(!isOpen());
    });
    Array.prototype.forEach.call(widths, function (button) {
      button.addEventListener("click", function () {
        choose(parseInt(button.getAttribute("data-preview-width"), 10) || 1280);
        remember();
      });
    });
    if (kept()) {
      choose(kept());
      open(true);
    }
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(function () {
        if (isOpen()) {
          fit();
        }
      }).observe(box);
    }
    return drawing;
  }

  // --- the byline's order -------------------------------------------------------------

  function startOrdering(fieldset, changed) {
    var body = fieldset.querySelector("tbody");
    if (!body) {
      return;
    }
    fieldset.classList.add("story-ordered--live");
    var said = document.createElement("p");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");
    fieldset.appendChild(said);

    function isRow(row) {
      return (
        row && row.tagName === "TR" && row.classList.contains("form-row") &&
        !row.classList.contains("empty-form")
      );
    }
    function rows() {
      return Array.prototype.filter.call(body.children, isRow);
    }
    function positionOf(row) {
      return row.querySelector("input[name$='-position']");
    }
    function isFilled(row) {
      return Array.prototype.some.call(
        row.querySelectorAll("select, input[type=text], input[type=number]"),
        function (field) {
          return field !== positionOf(row) && field.value !== "";
        }
      );
    }
    function nameOf(row) {
      var select = row.querySelector("select");
      var option = select && select.selectedOptions[0];
      return option ? option.textContent.trim() : "";
    }
    // The rows in order, counted from 0 as the byline names them; empty rows keep
    // theirs, so that an unused "add another" row stays unchanged and is not saved.
    function renumber() {
      var number = 0;
      rows().forEach(function (row) {
        var position = positionOf(row);
        if (position && isFilled(row)) {
          if (position.value !== String(number)) {
            position.value = String(number);
            position.dispatchEvent(new Event("change", { bubbles: true }));
          }
          number += 1;
        }
      });
      var all = rows();
      all.forEach(function (row, index) {
        var up = row.querySelector("[data-order-up]");
        var down = row.querySelector("[data-order-down]");
        if (up) {
          up.disabled = index === 0;
        }
        if (down) {
          down.disabled = index === all.length - 1;
        }
      });
    }
    // A row with its error line, which Django draws just above it.
    function unit(row) {
      var before = row.previousElementSibling;
      return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
    }
    function place(row, reference) {
      unit(row).forEach(function (part) {
        body.insertBefore(part, reference);
      });
    }
    function moved(row) {
      renumber();
      var all = rows();
      said.textContent = interpolate(
        gettext("%(name)s is now number %(position)s of %(count)s."),
        { name: nameOf(row) || gettext("This row"), position: all.indexOf(row) + 1, count: all.length },
        true
      );
      changed();
    }

    function controls(row) {
      var cell = row.querySelector("td.original");
      if (!cell || cell.querySelector(".story-order")) {
        return;
      }
      var group = document.createElement("span");
      group.className = "story-order";
      var grip = document.createElement("span");
      grip.className = "story-order__grip";
      grip.setAttribute("draggable", "true");
      grip.setAttribute("aria-hidden", "true");
      grip.title = gettext("Drag to change the order");
      grip.textContent = "⠿";
      group.appendChild(grip);
      group.appendChild(orderButton("data-order-up", gettext("Move up"), "↑"));
      group.appendChild(orderButton("data-order-down", gettext("Move down"), "↓"));
      cell.insertBefore(group, cell.firstChild);
    }

    Array.prototype.forEach.call(body.querySelectorAll("tr.form-row"), controls);

    fieldset.addEventListener("click", function (event) {
      var button = event.target.closest("[data-order-up], [data-order-down]");
      if (!button) {
        return;
      }
      var row = button.closest("tr");
      var all = rows();
      var index = all.indexOf(row);
      if (index < 0) {
        return;
      }
      if (button.hasAttribute("data-order-up") && index > 0) {
        place(row, unit(all[index - 1])[0]);
      } else if (button.hasAttribute("data-order-down") && index < all.length - 1) {
        place(all[index + 1], unit(row)[0]);
      } else {
        return;
      }
      moved(row);
      // At the top or the bottom now: the other button keeps the focus.
      var other = row.querySelector(
        button.hasAttribute("data-order-up") ? "[data-order-down]" : "[data-order-up]"
      );
      (button.disabled && other ? other : button).focus();
    });

    var dragged = null;
    body.addEventListener("dragstart", function (event) {
      var grip = event.target.closest && event.target.closest(".story-order__grip");
      if (!grip) {
        return;
      }
      dragged = grip.closest("tr");
      dragged.classList.add("story-ordered__dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", nameOf(dragged));
      if (event.dataTransfer.setDragImage) {
        event.dataTransfer.setDragImage(dragged, 12, 12);
      }
    });
    body.addEventListener("dragover", function (event) {
      if (!dragged) {
        return;
      }
      var target = event.target.closest("tr");
      if (!isRow(target) || target === dragged) {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      var box = target.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) {
        place(dragged, unit(target)[0]);
      } else {
        place(dragged, target.nextElementSibling);
      }
    });
    body.addEventListener("drop", function (event) {
      if (dragged) {
        event.preventDefault();
      }
    });
    body.addEventListener("dragend", function () {
      if (!dragged) {
        return;
      }
      var row = dragged;
      dragged = null;
      row.classList.remove("story-ordered__dragging");
      moved(row);
    });

    document.addEventListener("formset:added", function (event) {
      if (body.contains(event.target)) {
        controls(event.target);
        renumber();
      }
    });
    fieldset.addEventListener("change", function (event) {
      if (!event.target.name || !/-position$/.test(event.target.name)) {
        renumber();
      }
    });
    if (window.django && window.django.jQuery) {
      // The author and agency boxes (Select2) announce a choice through jQuery only.
      window.django.jQuery(fieldset).on("change", "select", renumber);
    }
    fieldset.closest("form").addEventListener("submit", renumber);
    renumber();
  }

  // --- names for the choosing boxes ----------------------------------------------------

  // Select2 (the section, picture, author and tag boxes) names its box by the choice
  // shown, which is nothing while none is made: a screen reader hears an unnamed box.
  // Each box is named by its field's label (or, in a table's row, the field's own
  // aria-label) followed by the choice.
  function nameChoosers(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[id]"), function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList || !box.classList.contains("select2")) {
        return;
      }
      var label = document.querySelector("label[for='" + select.id + "']");
      var name = label ? label.textContent.replace(/:\s*$/, "").trim() : select.getAttribute("aria-label");
      if (!name) {
        return;
      }
      var namer = document.getElementById(select.id + "-name");
      if (!namer) {
        namer = document.createElement("span");
        namer.id = select.id + "-name";
        namer.className = "visually-hidden";
        namer.textContent = name;
        box.appendChild(namer);
      }
      var single = box.querySelector(".select2-selection--single");
      if (single) {
        var shown = box.querySelector(".select2-selection__rendered");
        single.setAttribute("aria-labelledby", namer.id + (shown && shown.id ? " " + shown.id : ""));
        if (shown) {
          shown.setAttribute("aria-labelledby", namer.id);
        }
      }
      Array.prototype.forEach.call(box.querySelectorAll(".select2-search__field"), function (field) {
        field.setAttribute("aria-label", name);
      });
    });
  }

  // The body's editor draws its own text box beside the field's <textarea>, which the
  // label names; the box gets the label's words too, once the editor has drawn it.
  function nameEditors(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".prose-editor"), function (editor) {
      var textarea = editor.querySelector("textarea[id]");
      var label = textarea && document.querySelector("label[for='" + textarea.id + "']");
      if (!label) {
        return;
      }
      var name = label.textContent.replace(/:\s*$/, "").trim();
      function apply() {
        var box = editor.querySelector("[contenteditable]");
        if (box && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", name);
        }
        return !!box;
      }
      if (!apply() && typeof MutationObserver !== "undefined") {
        var watch = new MutationObserver(function () {
          if (apply()) {
            watch.disconnect();
          }
        });
        watch.observe(editor, { childList: true, subtree: true });
      }
    });
  }

  // --- together -----------------------------------------------------------------------

  function start() {
    var screen = document.getElementById("story-screen");
    if (!screen) {
      return;
    }
    var form = screen.closest("form");
    var checklist = startChecklist(form, screen);
    var preview = startPreview(form, screen);
    function changed() {
      if (checklist) {
        checklist.soon();
      }
      if (preview) {
        preview.soon();
      }
    }
    Array.prototype.forEach.call(
      document.querySelectorAll("fieldset.story-ordered"),
      function (fieldset) {
        startOrdering(fieldset, changed);
      }
    );
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    document.addEventListener("formset:added", changed);
    document.addEventListener("formset:removed", changed);
    if (window.django && window.django.jQuery) {
      // Select2's boxes (section, authors, picture, tags) and the pop-ups that add a
      // picture or an author announce their choice through jQuery only.
      window.django.jQuery(form).on("change", changed);
    }
    nameEditors(form);
    if (window.django && window.django.jQuery) {
      // After the admin's own ready handlers, which make the Select2 boxes.
      window.django.jQuery(function () { nameChoosers(form); });
    } else {
      nameChoosers(form);
    }
    document.addEventListener("formset:added", function (event) {
      // After the admin has made the new row's boxes.
      window.setTimeout(function () { nameChoosers(event.target); }, 0);
    });
    if (window.django && window.django.jQuery) {
      // The tag box makes its search field again as tags are added.
      window.django.jQuery(form).on("select2:select select2:unselect select2:open", function () {
        nameChoosers(form);
      });
    }
    // The form as drawn may say more than the list drawn with it (a failed save, text
    // put back from a draft copy): check it once the editor has filled the body's box.
    if (screen.hasAttribute("data-checklist-stale")) {
      window.setTimeout(changed, 0);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
