// The jury's review form saves each change as it is made. Progressive enhancement: without this
// file the form is saved with its button. One save at a time, each naming the version the last
// one returned; a save the server refuses as stale (another tab) stops autosaving, so nothing is
// overwritten, and the message says to reload.
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
            say(data.message);
          } else if (response.status === 400) {
            say(data.message || form.dataset.errorText, true);
          } else {
            // 409 (changed elsewhere or marked done), 403 (read-only) and 401 (logged out):
            // never retry.
            stopped = true;
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

  // Leaving the page or switching away: save what is pending now rather than after the delay.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) save();
  });
})();
