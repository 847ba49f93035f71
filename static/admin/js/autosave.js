// Keeps a draft copy of the story form on the server while the editor types
// (desk/autosave.py). Every few seconds when something changed, and when the
// page is hidden or left. The story itself is only ever saved by the Save buttons.
// And tells the desk who has the story open: a ping while the page is open, a goodbye
// (a beacon) when it is left, so "Also has this story open" names only who really has.
// No libraries, no inline script, no eval: ready for a strict Content Security Policy.
// Its messages are in the admin's language: gettext() and interpolate() come from the
// admin's JavaScript catalog (admin:jsi18n, which the change form loads before this).
(function () {
  "use strict";

  var INTERVAL_MS = 5000;
  var gettext = window.gettext || function (text) { return text; };
  var interpolate =
    window.interpolate ||
    function (text, values) {
      return text.replace(/%\((\w+)\)s/g, function (_match, name) { return values[name]; });
    };

  function start() {
    var box = document.getElementById("newsroom-autosave");
    if (!box) {
      return;
    }
    var form = box.closest("form");
    var url = box.getAttribute("data-autosave-url");
    var status = box.querySelector("[data-autosave-status]");
    bindDiscard(box, form);
    if (!form) {
      return;
    }
    startPresence(box, form);
    if (!url) {
      return;
    }
    var changed = false;
    var sending = false;
    var submitting = false;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function csrfToken() {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    // The form as it would be submitted. django-prose-editor writes the body's HTML
    // back into its <textarea> on every change (and fires "input"), so FormData
    // reads the current text. Files are left out: an autosave keeps words.
    function fields() {
      var data = new FormData(form);
      var files = [];
      data.forEach(function (value, name) {
        if (typeof File !== "undefined" && value instanceof File) {
          files.push(name);
        }
      });
      files.forEach(function (name) {
        data.delete(name);
      });
      return data;
    }

    function save() {
      if (!changed || sending || submitting) {
        return;
      }
      changed = false; // typing during the request marks the form again
      sending = true;
      fetch(url, {
        method: "POST",
        body: fields(),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      })
        .then(function (response) {
          if (response.status === 401) {
            say(
              gettext(
                "Your session has expired. Your text is kept: log in again, and reopen " +
                  "this story to get it back."
              )
            );
            return null;
          }
          if (!response.ok) {
            changed = true;
            say(
              interpolate(
                gettext("A draft copy could not be kept (%(status)s); still trying."),
                { status: response.status },
                true
              )
            );
            return null;
          }
          return response.json();
        })
        .then(function (answer) {
          if (answer && answer.saved_at_display) {
            say(
              interpolate(
                gettext("Draft copy kept at %(time)s."),
                { time: answer.saved_at_display },
                true
              )
            );
          }
        })
        .catch(function () {
          changed = true;
          say(gettext("Offline: a draft copy could not be kept; still trying."));
        })
        .then(function () {
          sending = false;
        });
    }

    // Leaving: fetch may be cut off, a beacon is delivered (its FormData carries the token).
    // The copy sent as the page closes says so, or it would count as the editor still there.
    function flush(leaving) {
      if (!changed || submitting || !navigator.sendBeacon) {
        return;
      }
      var data = fields();
      if (leaving) {
        data.append("newsroom_leaving", "1");
      }
      if (navigator.sendBeacon(url, data)) {
        changed = false;
      }
    }

    function markChanged() {
      changed = true;
    }

    form.addEventListener("input", markChanged);
    form.addEventListener("change", markChanged);
    // The real save is on its way: a copy sent now would outlive it and be offered again.
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("pagehide", function () {
      flush(true);
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush(false);
      }
    });
    // A page restored from the back/forward cache may be submitted again.
    window.addEventListener("pageshow", function () {
      submitting = false;
    });
    window.setInterval(save, INTERVAL_MS);
  }

  // Presence: a ping every so often while the page is open; a goodbye on pagehide, but
  // not for the form's own submit (a failed save comes back to this page, a successful
  // one ends the presence on the server). A page back from the back/forward cache is
  // open again at once.
  function startPresence(box, form) {
    var url = box.getAttribute("data-presence-url");
    var every = parseInt(box.getAttribute("data-presence-heartbeat"), 10) || 30;
    if (!url) {
      return;
    }
    var submitting = false;
    function token() {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    function ping() {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token());
      fetch(url, { method: "POST", body: data, credentials: "same-origin" }).catch(function () {
        return null; // offline: the next ping tries again; the desk sees us fade meanwhile
      });
    }
    function leave() {
      if (submitting || !navigator.sendBeacon) {
        return;
      }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token());
      data.append("newsroom_leaving", "1");
      navigator.sendBeacon(url, data);
    }
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", function (event) {
      submitting = false;
      if (event.persisted) {
        ping();
      }
    });
    window.setInterval(ping, every * 1000);
  }

  function bindDiscard(box, form) {
    var button = box.querySelector("[data-autosave-discard]");
    if (!button) {
      return;
    }
    button.addEventListener("click", function () {
      var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
      button.disabled = true;
      fetch(button.getAttribute("data-autosave-discard"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          var notice = box.querySelector("[data-autosave-notice]");
          if (notice) {
            notice.remove();
          }
        })
        .catch(function () {
          button.disabled = false;
        });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
