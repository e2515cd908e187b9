// Progressive enhancement only: every page works without this file.
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
