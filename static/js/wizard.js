// The nomination form: progressive enhancement only, every step works without this file.
(function () {
  "use strict";
  var form = document.getElementById("wizard-form");
  if (!form) return;

  // A file over the limit is refused before it is sent, with a message beside the field; the
  // server checks it again all the same.
  var maxSize = parseInt(form.dataset.maxFileSize || "0", 10);
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    var note = document.createElement("p");
    note.className = "errorlist file-size-error";
    note.id = input.id + "_size_error";
    note.setAttribute("role", "alert");
    note.hidden = true;
    input.insertAdjacentElement("afterend", note);
    input.addEventListener("change", function () {
      if (!maxSize || !window.DataTransfer) return;
      var kept = new DataTransfer();
      var refused = [];
      Array.prototype.forEach.call(input.files, function (file) {
        if (file.size > maxSize) refused.push(file.name);
        else kept.items.add(file);
      });
      if (refused.length) input.files = kept.files;
      note.textContent = refused.map(function (name) {
        return "«" + name + "» " + form.dataset.fileTooLargeText;
      }).join(" ");
      note.hidden = !refused.length;
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== note.id;
      });
      if (refused.length) described.push(note.id);
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      else input.removeAttribute("aria-describedby");
      if (refused.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
  });

  // What is typed is saved in the draft as it is typed, so a reload or a closed tab loses
  // nothing; the status under the buttons says when.
  var url = form.dataset.autosaveUrl;
  var status = document.getElementById("wizard-save-status");
  if (!url || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var DELAY = 1000;
  var timer = null;
  var dirty = false;
  var inFlight = null;
  var submitting = false;

  function say(text, isError) {
    if (!status || !text) return;
    status.textContent = text;
    status.classList.toggle("save-status--error", !!isError);
  }

  function body() {
    var data = new FormData(form);
    var fields = new URLSearchParams();
    data.forEach(function (value, key) {
      if (typeof value === "string") fields.append(key, value);
    });
    return fields.toString();
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (!dirty || submitting) return;
    if (inFlight) { timer = setTimeout(save, DELAY); return; }
    dirty = false;
    var payload = body();
    inFlight = fetch(url, {
      method: "POST",
      body: payload,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "X-CSRFToken": form.elements.namedItem("csrfmiddlewaretoken").value,
        "X-Requested-With": "XMLHttpRequest"
      },
      credentials: "same-origin",
      keepalive: payload.length < 60000
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!submitting) say(data.message || form.dataset.errorText, !response.ok);
        });
      })
      .catch(function () { if (!submitting) say(form.dataset.errorText, true); })
      .then(function () { inFlight = null; });
  }

  function schedule() {
    if (submitting) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") schedule();
  });
  // The buttons post the whole step themselves.
  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(timer);
  });
  // Leaving the page: save what is pending now rather than after the delay.
  window.addEventListener("pagehide", function () { if (dirty) save(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save();
  });
})();
