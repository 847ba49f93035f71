// The story form's tags (articles/admin/tagging.py, TagPicker): Django admin's own Select2,
// suggesting existing tags from the admin's autocomplete view as the writer types. A name
// no tag has yet is added with a comma (or Enter once offered) and is made when the story is saved.
"use strict";
{
  const $ = django.jQuery;

  function pick(element) {
    $(element).select2({
      tags: true,
      tokenSeparators: [","],
      width: "style",
      placeholder: element.dataset.placeholder,
      ajax: {
        url: element.dataset.url,
        dataType: "json",
        delay: 200,
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: "articles",
          model_name: "article",
          field_name: "tags",
        }),
        // The form sends tags by name: the server reuses a tag whatever its case.
        processResults: (data) => ({
          results: data.results.map((tag) => ({ id: tag.text, text: tag.text })),
          pagination: data.pagination,
        }),
      },
      // An existing tag that matches what was typed, whatever its case, beats a new one.
      createTag: (params) => {
        const name = params.term.trim().replace(/\s+/g, " ");
        return name ? { id: name, text: name, newTag: true } : null;
      },
      insertTag: (data, tag) => {
        const same = data.some((item) => item.text.toLowerCase() === tag.text.toLowerCase());
        if (!same) {
          data.push(tag); // after the existing tags, so Enter picks an existing one first
        }
      },
    });
  }

  $(() => {
    document.querySelectorAll("select.newsroom-tag-picker").forEach(pick);
  });
}
