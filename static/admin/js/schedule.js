// The publish page's "Publish now / Publish at a time" (templates/admin/articles/article/
// workflow.html): typing a date or a time chooses "at a time"; choosing "now" clears the
// time, so what is posted is what the editor sees. The page works without this script:
// the server refuses a choice and a time that disagree, saying so.
(function () {
  "use strict";

  function start() {
    var choices = document.querySelectorAll("input[data-schedule-when]");
    var inputs = document.querySelectorAll("input[data-schedule-at]");
    if (!choices.length || !inputs.length) {
      return;
    }
    function choose(value) {
      choices.forEach(function (choice) {
        choice.checked = choice.value === value;
      });
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        if (input.value) {
          choose("at");
        }
      });
    });
    choices.forEach(function (choice) {
      choice.addEventListener("change", function () {
        if (choice.checked && choice.value === "now") {
          inputs.forEach(function (input) {
            input.value = "";
          });
        } else if (choice.checked && choice.value === "at") {
          inputs[0].focus();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
