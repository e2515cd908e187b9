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
  //
  // Two tabs on one draft: each save names the draft's version this page holds (the form's
  // draft_version, raised by the answer to each of its saves, so that the buttons' post names
  // it too). A save the server refuses because another tab or window saved since (409) stops the
  // saving, keeps what is typed in the fields, and offers the newer version or to keep this text
  // (saved, on request, in place of the other). The tab's own id, kept across reloads, goes with
  // every save: a save sent as the page was left that lands after the new page was read is the
  // same tab's, and the server never takes it for another's.
  var url = form.dataset.autosaveUrl;
  var status = document.getElementById("wizard-save-status");
  var conflict = document.getElementById("wizard-conflict");
  var version = form.elements.namedItem("draft_version");
  if (!url || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var DELAY = 1000;
  var timer = null;
  var dirty = false;
  var inFlight = null;
  var submitting = false;
  var leaving = false;
  var stopped = false;
  var storedVersion = null;
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

  if (store) {
    var tab = store.getItem("wizard-tab");
    if (!tab) {
      tab = Date.now().toString(36) + Math.random().toString(36).slice(2);
      store.setItem("wizard-tab", tab);
    }
    var tabField = document.createElement("input");
    tabField.type = "hidden";
    tabField.name = "tab";
    tabField.value = tab;
    form.appendChild(tabField);
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

  function refused(data) {
    stopped = true;
    storedVersion = data.version;
    // A reload shows the newer version: this text is not put back into it.
    if (store) store.removeItem(pendingKey);
    if (conflict) conflict.hidden = false;
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (!dirty || submitting || stopped) return;
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
          if (response.ok && version && data.version !== undefined) version.value = data.version;
          if (response.status === 409) refused(data);
          if (!submitting) say(data.message || form.dataset.errorText, !response.ok);
        });
      })
      .catch(function () { if (!submitting) say(form.dataset.errorText, true); })
      .then(function () { inFlight = null; });
  }

  function schedule() {
    if (submitting || stopped) {
      dirty = true;
      return;
    }
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
  if (conflict) {
    conflict.addEventListener("click", function (event) {
      var choice = event.target.closest("[data-conflict]");
      if (!choice) return;
      if (choice.dataset.conflict === "reload") {
        // Asked for again (never a post sent again): the step as it is stored now.
        location.assign(location.pathname + location.search);
        return;
      }
      // Keep this text: saved in place of the newer version, which this tab now names.
      if (version && storedVersion !== null && storedVersion !== undefined) {
        version.value = storedVersion;
      }
      stopped = false;
      conflict.hidden = true;
      dirty = true;
      save();
    });
  }

  // The buttons post the whole step themselves; a save under way finishes first, so that the
  // post names the version it returned.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight && !submitting) {
      event.preventDefault();
      var submitter = event.submitter;
      inFlight.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          submitting = true;
          form.submit();
        }
      });
      return;
    }
    submitting = true;
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

  // The step shown again after its button was refused (another tab saved since): nothing is
  // saved as it is typed until this text is kept, with the button or here.
  if (form.hasAttribute("data-stale")) {
    refused({ version: version ? version.value : null });
  }

  // Only a save from the last minute: an older one has long landed, and what is stored since
  // (from another tab or device) is newer.
  var left = store && pending();
  if (store) store.removeItem(pendingKey);
  if (left && left.body && Date.now() - left.at < 60000) {
    var values = new URLSearchParams(left.body);
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || name === "draft_version" || name === "tab") return;
      if (name.indexOf("current_step") !== -1) return;
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
