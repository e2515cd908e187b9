// The jury's review form saves each change as it is made. Progressive enhancement: without this
// file the form is saved with its button. One save at a time, each naming the version the last
// one returned; a save the server refuses as stale (another tab) stops autosaving, so nothing is
// overwritten, and the message says to reload.
//
// A reload must not look like a second tab. A save sent as the page is left may land after the
// new page was read, so the tab keeps an id and the save under way in sessionStorage (which
// lives as long as the tab, across reloads): the server accepts a save from the tab that made
// the last one, and the new page puts back what that save carried and saves it again, so the
// juror sees the newest and is never told that one tab is two.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var status = document.getElementById(form.dataset.status);
  var version = form.elements.namedItem("version");
  var DELAY = 800;      // ms after the last change
  var RETRY = 10000;    // ms before trying again after a failed connection
  var timer = null;
  var inFlight = null;
  var dirty = false;
  var stopped = false;
  var leaving = false;
  var pendingKey = "review-pending:" + location.pathname;
  var store = null;
  try {
    store = window.sessionStorage;
    store.setItem("review-probe", "1");
    store.removeItem("review-probe");
  } catch (e) {
    store = null;
  }

  // The tab's own id, sent with every save (the buttons' posts too).
  if (store) {
    var tab = store.getItem("review-tab");
    if (!tab) {
      tab = Date.now().toString(36) + Math.random().toString(36).slice(2);
      store.setItem("review-tab", tab);
    }
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "tab";
    field.value = tab;
    form.appendChild(field);
  }

  function remember(body) {
    if (!store) return;
    try {
      store.setItem(pendingKey, JSON.stringify({ version: version.value, body: body }));
    } catch (e) { /* full: the save goes on all the same */ }
  }

  function forget() {
    if (store) store.removeItem(pendingKey);
  }

  function say(text, isError) {
    if (!status || !text) return;
    status.textContent = text;
    status.classList.toggle("save-status--error", !!isError);
  }

  function schedule(delay) {
    if (stopped) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    if (stopped || !dirty) return Promise.resolve();
    if (inFlight) return inFlight.then(save);
    dirty = false;
    say(form.dataset.savingText);
    var body = new URLSearchParams(new FormData(form)).toString();
    remember(body);
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: body,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "X-Requested-With": "XMLHttpRequest"
      },
      credentials: "same-origin",
      // Lets a save started as the tab closes finish; browsers refuse it above 64 kB.
      keepalive: body.length < 60000
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (response.ok) {
            version.value = data.version;
            // Kept while the page is being left: the answer may come before the new page was
            // read, and that page must know that this save was under way.
            if (!dirty && !leaving) forget();
            say(data.message);
          } else if (response.status === 400) {
            say(data.message || form.dataset.errorText, true);
          } else {
            // 409 (changed elsewhere or marked done), 403 (read-only) and 401 (logged out):
            // never retry.
            stopped = true;
            forget();
            say(data.message || form.dataset.errorText, true);
          }
        });
      })
      .catch(function () {
        say(form.dataset.errorText, true);
        schedule(RETRY);
      })
      .then(function () { inFlight = null; });
    return inFlight;
  }

  form.addEventListener("input", function () { schedule(DELAY); });
  form.addEventListener("change", function () { schedule(DELAY); });

  // The buttons still post the form; a save under way finishes first so the form carries the
  // version it returned.
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    dirty = false;
    if (!inFlight) return;
    event.preventDefault();
    var submitter = event.submitter;
    inFlight.then(function () {
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    });
  });

  // Leaving the page or switching away: save what is pending now rather than after the delay
  // (keepalive lets the save outlive the page).
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save();
  });
  function leave() {
    leaving = true;
    if (dirty) save();
  }
  window.addEventListener("beforeunload", leave);
  window.addEventListener("pagehide", leave);
  window.addEventListener("pageshow", function () { leaving = false; });

  // This page was read before the tab's last save landed (a reload right after a change): put
  // back what that save carried, and save it again.
  function restore(body) {
    var values = new URLSearchParams(body);
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "version" || name === "tab" || name === "csrfmiddlewaretoken") return;
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = values.getAll(name).indexOf(element.value) !== -1;
      } else if (values.has(name) && element.type !== "file" && element.type !== "submit") {
        element.value = values.get(name);
      }
    });
  }

  if (store) {
    var pending = null;
    try {
      pending = JSON.parse(store.getItem(pendingKey) || "null");
    } catch (e) {
      pending = null;
    }
    if (pending && parseInt(pending.version, 10) >= parseInt(version.value, 10)) {
      restore(pending.body);
      dirty = true;
      save();
    } else {
      forget();
    }
  }
})();
