// A picture's preview in a form (articles/admin/library.py, live_preview): redrawn as soon
// as another picture is chosen in its select, before the form is saved. The select changes
// when a picture is picked in its autocomplete, uploaded in the "+" pop-up or edited in the
// pencil's pop-up: Django's pop-up scripts and Select2 announce it with jQuery's "change",
// which listeners added with addEventListener do not hear, hence django.jQuery. The
// picture comes from the image's preview view (a rendition, or the original until the
// renditions are made; CSS draws it small).
"use strict";
{
  const $ = django.jQuery;

  function draw(preview, picture) {
    preview.replaceChildren();
    if (!picture) {
      preview.textContent = "—";
      return;
    }
    const img = document.createElement("img");
    img.className = "newsroom-image-preview__img";
    img.src = picture.src;
    img.alt = picture.alt;
    if (picture.width && picture.height) {
      img.width = picture.width;
      img.height = picture.height;
    }
    preview.append(img);
  }

  function follow(preview) {
    const select = document.getElementById(preview.dataset.previewFor);
    if (!select) {
      return; // read only: the preview stays as drawn
    }
    let asked = 0;
    $(select).on("change", () => {
      const id = select.value;
      const turn = ++asked; // of two quick changes, the last one's picture is shown
      if (!id) {
        draw(preview, null);
        return;
      }
      const url = preview.dataset.previewUrl.replace("__fk__", encodeURIComponent(id));
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((picture) => turn === asked && draw(preview, picture))
        .catch(() => turn === asked && draw(preview, null));
    });
  }

  $(() => {
    document.querySelectorAll("[data-preview-for]").forEach(follow);
  });
}
