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
  var leaving = false;
  // A save sent as the page is left (a reload, a closed tab) may land after the new page was
  // read: the tab keeps it in sessionStorage until it is answered, and the new page puts back
  // what it carried and saves it again.
  var pendingKey = "wizard-pending:" + location.pathname;
  var store = null;
  try {
    store = window.sessionStorage;
    store.setItem("wizard-probe", "1");
    store.removeItem("wizard-probe");
  } catch (e) {
    store = null;
  }

  function remember(payload) {
    if (!store) return;
    try {
      store.setItem(pendingKey, JSON.stringify({ at: Date.now(), body: payload }));
    } catch (e) { /* full: saved all the same */ }
  }

  function pending() {
    try {
      return JSON.parse(store.getItem(pendingKey) || "null");
    } catch (e) {
      return null;
    }
  }

  function forget(payload) {
    var record = store && pending();
    if (record && record.body === payload) store.removeItem(pendingKey);
  }

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
    remember(payload);
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
        // Kept while the page is being left: its answer may come before the new page was read.
        if (!leaving) forget(payload);
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
    if (store) store.removeItem(pendingKey);
  });
  // Leaving the page: save what is pending now rather than after the delay, before the next
  // page is asked for where the browser allows it.
  function leave() {
    leaving = true;
    if (dirty) save();
  }
  window.addEventListener("beforeunload", leave);
  window.addEventListener("pagehide", leave);
  window.addEventListener("pageshow", function () { leaving = false; });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save();
  });

  // Only a save from the last minute: an older one has long landed, and what is stored since
  // (from another tab or device) is newer.
  var left = store && pending();
  if (store) store.removeItem(pendingKey);
  if (left && left.body && Date.now() - left.at < 60000) {
    var values = new URLSearchParams(left.body);
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || name.indexOf("current_step") !== -1) return;
      if (element.type === "radio" || element.type === "checkbox") {
        if (name.indexOf("remove") === -1) element.checked = values.getAll(name).indexOf(element.value) !== -1;
      } else if (values.has(name) && element.type !== "file" && element.type !== "submit") {
        element.value = values.get(name);
      }
    });
    dirty = true;
    save();
  }
})();
