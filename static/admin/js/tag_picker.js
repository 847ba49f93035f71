// The story form's tags (articles/admin/tagging.py, TagPicker): Django admin's own Select2,
// suggesting tags from the picker's suggestions view as the writer types. A name no tag has
// yet is added with a comma (or Enter once offered) and is made when the story is saved.
//
// A typed name that names an existing tag, whatever its case and accents or in another
// edition's language ("nato", "turkiye", "Dünya"), becomes that tag at once ("NATO",
// "Türkiye", "World"): the server says which tag a name means (find_tag), so the form
// shows what saving will do. A really new tag is marked "new". The words are in the
// admin's language (the change form loads its JavaScript catalog, admin:jsi18n).
"use strict";
{
  const $ = django.jQuery;
  const gettext = window.gettext || ((text) => text);

  function badge(text) {
    return $("<span class='newsroom-tag-new'>").text(text);
  }

  // A chosen tag: its name, and "new" when no tag has that name yet.
  function selection(item) {
    const element = item.element;
    if (element && element.dataset.tagState === "new") {
      return $("<span>").text(item.text).append(" ", badge(gettext("new")));
    }
    return item.text;
  }

  // A suggestion: the tag's name, with the other edition's name it was found by, or
  // "new" for the name as typed when no tag has it.
  function suggestion(item) {
    if (item.loading) {
      return item.text;
    }
    const line = $("<span>").text(item.text);
    if (item.other_name) {
      line.append(" ", $("<span class='newsroom-tag-other'>").text(`(${item.other_name})`));
    }
    if (item.newTag) {
      line.append(" ", badge(gettext("new")));
    }
    return line;
  }

  function optionFor(element, name) {
    return Array.from(element.options).find((option) => option.value === name);
  }

  // What the server says a typed name is: the existing tag's name, or null for a new tag.
  function lookUp(element, name) {
    const url = new URL(element.dataset.url, window.location.href);
    url.searchParams.set("term", name);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        const exact = data.results.find((result) => result.exact);
        return exact ? exact.text : null;
      });
  }

  // A name just added as typed: the tag it names takes its place, or it is marked new.
  function settle(element, name) {
    lookUp(element, name)
      .then((existing) => {
        const typed = optionFor(element, name);
        if (!typed || !typed.selected) {
          return; // removed again meanwhile
        }
        if (existing === null) {
          typed.dataset.tagState = "new";
        } else if (existing !== name) {
          const chosen = optionFor(element, existing);
          if (chosen) {
            chosen.selected = true;
          } else {
            element.append(new Option(existing, existing, true, true));
          }
          typed.remove();
        } else {
          delete typed.dataset.tagState;
          typed.removeAttribute("data-select2-tag"); // an existing tag: Select2 keeps it
        }
        $(element).trigger("change");
      })
      .catch(() => {
        // Unknown for now: saving still reuses an existing tag (TagNamesField.clean).
      });
  }

  function pick(element) {
    $(element).select2({
      tags: true,
      tokenSeparators: [","],
      width: "style",
      placeholder: element.dataset.placeholder,
      templateSelection: selection,
      templateResult: suggestion,
      ajax: {
        url: element.dataset.url,
        dataType: "json",
        delay: 200,
        data: (params) => ({ term: params.term, page: params.page }),
        // The form sends tags by name; the server reuses a tag whatever its case.
        processResults: (data) => ({
          results: data.results.map((tag) => ({
            id: tag.text,
            text: tag.text,
            exact: tag.exact,
            other_name: tag.other_name,
          })),
          pagination: data.pagination,
        }),
      },
      createTag: (params) => {
        const name = params.term.trim().replace(/\s+/g, " ");
        return name ? { id: name, text: name, newTag: true } : null;
      },
      // An existing tag the typed text names beats a new one: no "new" entry is offered.
      insertTag: (data, tag) => {
        const same = data.some(
          (item) => item.exact || item.text.toLowerCase() === tag.text.toLowerCase(),
        );
        if (!same) {
          data.push(tag); // after the existing tags, so Enter picks an existing one first
        }
      },
    });
    // A name added as typed (a comma after it, or its "new" entry chosen).
    $(element).on("select2:select", (event) => {
      const item = event.params.data;
      if (item.newTag) {
        settle(element, item.id);
      }
    });
  }

  $(() => {
    document.querySelectorAll("select.newsroom-tag-picker").forEach(pick);
  });
}
