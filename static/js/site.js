// Progressive enhancement only: every page works without this file.

// A form sent back with errors: focus goes to its summary, so the keyboard and the screen
// reader start from the list of what to mend, each item a link to its field.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();

(function () {
  "use strict";
  // Copy-link buttons beside each clause: shown only where the clipboard can be used.
  if (!navigator.clipboard) return;
  document.querySelectorAll(".copy-link[data-anchor]").forEach(function (button) {
    button.hidden = false;
    var label = button.firstChild.textContent;
    button.addEventListener("click", function () {
      var url = location.origin + location.pathname + "#" + button.dataset.anchor;
      navigator.clipboard.writeText(url).then(function () {
        button.firstChild.textContent = button.dataset.copiedLabel || "✓";
        button.setAttribute("data-copied", "");
        setTimeout(function () {
          button.firstChild.textContent = label;
          button.removeAttribute("data-copied");
        }, 2000);
      });
    });
  });
})();

// A character count under text areas with a limit ("123 av 1500 tegn"), announced politely.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "nb";
  var words = {
    nb: ["av", "tegn", "for mye"], nn: ["av", "teikn", "for mykje"], en: ["of", "characters", "too many"]
  }[lang] || ["av", "tegn", "for mye"];
  document.querySelectorAll("[data-count-for]").forEach(function (output) {
    var field = document.getElementById(output.dataset.countFor);
    if (!field || !field.dataset.maxLength) return;
    var limit = parseInt(field.dataset.maxLength, 10);
    var timer;
    function update() {
      var length = field.value.length;
      var text = length + " " + words[0] + " " + limit + " " + words[1];
      if (length > limit) text += " (" + (length - limit) + " " + words[2] + ")";
      output.textContent = text;
      output.classList.toggle("char-count--over", length > limit);
    }
    output.hidden = false;
    update();
    // Screen readers hear the count after a pause in typing, not at every key.
    field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 400); });
  });
})();

// The municipality search filters the list as you type; without JavaScript it is a search form.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.dataset.filterSelect);
    if (!select) return;
    var options = Array.prototype.slice.call(select.querySelectorAll("option[value]:not([value=''])"));
    input.addEventListener("input", function () {
      var term = input.value.trim().toLowerCase();
      options.forEach(function (option) {
        var match = !term || option.textContent.toLowerCase().indexOf(term) !== -1;
        option.hidden = !match;
        option.disabled = !match && !option.selected;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
    input.form.addEventListener("submit", function (event) {
      // The list is already filtered: move on to choosing from it.
      event.preventDefault();
      select.focus();
    });
  });
})();

// The language menu on a page with a form of its own (a step of the nomination form): the choice
// is posted with that form, so that nothing typed is lost — the step is stored, or what was typed
// is kept, and the same step comes back in the new language. Without this file the menu still
// changes the language and stays on the page; the draft's stored steps are kept.
(function () {
  "use strict";
  var menu = document.querySelector("form.language-form[data-post-with]");
  var target = menu && document.getElementById(menu.dataset.postWith);
  if (!target) return;
  menu.addEventListener("submit", function (event) {
    event.preventDefault();
    [["language", menu.elements.namedItem("language").value], ["change_language", "1"]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      target.appendChild(input);
    });
    target.submit();
  });
})();
