// Rows of a tabular inline put in order by dragging them, or with each row's Up and Down
// buttons (the keyboard's way), for inlines whose fieldset has the class
// "newsroom-ordered" (desk/admin/story_inlines.py: the Explore picks). The rows' order
// is written into their "position" field, 1 for the first, when they move and when the
// form is sent; the number column itself is hidden while this runs (without scripts it
// stays, and the numbers typed there decide).
//
// A row with nothing chosen yet is left alone: writing its position would make Django
// take an empty extra row for a filled one. No libraries, no inline script (CSP); the
// words come from the admin's JavaScript catalog.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate =
    window.interpolate ||
    function (text, values) {
      return text.replace(/%\((\w+)\)s/g, function (_match, name) { return values[name]; });
    };

  function rows(body) {
    return Array.prototype.filter.call(body.children, function (row) {
      return row.classList.contains("form-row") && !row.classList.contains("empty-form");
    });
  }

  function positionInput(row) {
    return row.querySelector("td.field-position input");
  }

  function chosen(row) {
    // A saved row, or one whose story (or other choice) has been picked.
    if (row.classList.contains("has_original")) {
      return true;
    }
    var select = row.querySelector("td:not(.field-position) select");
    return Boolean(select && select.value);
  }

  function rowName(row) {
    var select = row.querySelector("td:not(.field-position) select");
    var option = select && select.selectedOptions[0];
    return option && option.value ? option.textContent.trim() : gettext("new row");
  }

  function renumber(body) {
    var number = 0;
    rows(body).forEach(function (row) {
      number += 1;
      var input = positionInput(row);
      if (input && chosen(row)) {
        input.value = String(number);
      }
      var name = rowName(row);
      // Django's delete box has no label of its own in a table row: name it after the row.
      var remove = row.querySelector("td.delete input[type=checkbox]");
      if (remove && !remove.labels.length) {
        remove.setAttribute("aria-label", interpolate(gettext("Delete “%(name)s”"), { name: name }, true));
      }
      row.querySelectorAll("[data-order-move]").forEach(function (button) {
        var label = button.getAttribute("data-order-move") === "up"
          ? gettext("Move “%(name)s” up")
          : gettext("Move “%(name)s” down");
        button.setAttribute("aria-label", interpolate(label, { name: name }, true));
      });
    });
  }

  // A row keeps its error line (Django draws it just above the row) when it moves.
  function withErrors(row) {
    var before = row.previousElementSibling;
    return before && before.classList.contains("row-form-errors") ? [before, row] : [row];
  }

  function place(body, row, beforeRow) {
    withErrors(row).forEach(function (part) {
      body.insertBefore(part, beforeRow ? withErrors(beforeRow)[0] : body.querySelector(".empty-form"));
    });
    renumber(body);
  }

  function move(body, row, step) {
    var all = rows(body);
    var index = all.indexOf(row);
    var target = index + step;
    if (target < 0 || target >= all.length) {
      return;
    }
    place(body, row, step < 0 ? all[target] : all[target + 1] || null);
  }

  var dragged = null;

  function enhance(body, row) {
    if (row.querySelector(".newsroom-order")) {
      return;
    }
    var cell = document.createElement("td");
    cell.className = "newsroom-order";
    var handle = document.createElement("span");
    handle.className = "newsroom-order__handle";
    handle.textContent = "⠿";
    handle.title = gettext("Drag to reorder");
    handle.setAttribute("draggable", "true");
    handle.setAttribute("aria-hidden", "true");
    cell.appendChild(handle);
    [["up", "↑"], ["down", "↓"]].forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button newsroom-order__move";
      button.textContent = pair[1];
      button.title = pair[0] === "up" ? gettext("Move up") : gettext("Move down");
      button.setAttribute("data-order-move", pair[0]);
      button.addEventListener("click", function () {
        move(body, row, pair[0] === "up" ? -1 : 1);
        button.focus();
      });
      cell.appendChild(button);
    });
    row.insertBefore(cell, row.firstElementChild);

    handle.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("newsroom-order--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
      if (event.dataTransfer.setDragImage) {
        event.dataTransfer.setDragImage(row, 10, 10);
      }
    });
    handle.addEventListener("dragend", function () {
      row.classList.remove("newsroom-order--dragging");
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row || dragged.parentNode !== body) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    });
    row.addEventListener("drop", function (event) {
      if (!dragged || dragged === row || dragged.parentNode !== body) {
        return;
      }
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var below = event.clientY > box.top + box.height / 2;
      place(body, dragged, below ? rows(body)[rows(body).indexOf(row) + 1] || null : row);
    });
    row.addEventListener("change", function () { renumber(body); });
  }

  function start(fieldset) {
    var table = fieldset.querySelector("table");
    var body = table && table.tBodies[0];
    if (!body || table.classList.contains("newsroom-ordered-table")) {
      return;
    }
    table.classList.add("newsroom-ordered-table");
    var header = table.tHead && table.tHead.rows[0];
    if (header) {
      var th = document.createElement("th");
      th.className = "newsroom-order";
      th.textContent = gettext("Order");
      header.insertBefore(th, header.firstElementChild);
    }
    Array.prototype.forEach.call(body.children, function (row) {
      if (row.classList.contains("empty-form")) {
        return; // the template "Add another" copies: its copies are enhanced when added
      }
      if (row.classList.contains("form-row")) {
        enhance(body, row);
      } else if (row.firstElementChild && row.firstElementChild.colSpan > 1) {
        row.firstElementChild.colSpan += 1; // an error line, the "Add another" row
      }
    });
    renumber(body);
    var form = fieldset.closest("form");
    if (form) {
      form.addEventListener("submit", function () { renumber(body); });
    }
    document.addEventListener("formset:added", function (event) {
      if (event.target.parentNode === body) {
        enhance(body, event.target);
        renumber(body);
      }
    });
  }

  function ready() {
    document.querySelectorAll("fieldset.newsroom-ordered").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
