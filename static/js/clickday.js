// The submit form of a review page on a click day (docs/clickday.md).
// Without this script the form posts as usual and the server decides; with it:
// - a countdown to the opening instant, on the server's clock (the offset between the
//   page's server time and this browser's clock is measured once, at load), and the
//   button held until the instant, so that an early click does not cost a refusal;
// - a submission refused with 503 (the submit path is at its concurrency limit) lands on
//   a page that holds the same form and sends it again after the Retry-After the server
//   gave: the server's draft lock and version check make a second arrival harmless.
(function () {
  "use strict";
  var form = document.querySelector("form[data-submit-retry]");
  if (!form) { return; }
  var button = form.querySelector("button[type=submit]");
  var retryNote = form.querySelector(".portal-submit-retry");
  var opensAt = Number(form.dataset.opensAt || 0);
  var offset = Number(form.dataset.serverNow || Date.now()) - Date.now();

  function fill(template, value) { return template.replace("%s", value); }

  function remaining() { return opensAt - (Date.now() + offset); }

  function tick() {
    var left = remaining();
    var counter = form.querySelector(".portal-countdown");
    if (left <= 0) {
      if (counter) { counter.textContent = ""; }
      if (button) { button.disabled = false; }
      return;
    }
    var s = Math.ceil(left / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var text = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
    if (counter) { counter.textContent = fill(form.dataset.countdownText, text); }
    if (button) { button.disabled = true; }
    // Wake at the next whole second of the server's clock, and exactly at the instant.
    window.setTimeout(tick, Math.min(left, (left % 1000) || 1000));
  }

  // The form is posted by the browser itself, never through fetch: the page the server
  // redirects to then shows its message (the protocol number) once, as without this script.
  function send() {
    if (button) { button.disabled = true; }
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    // Held until the opening instant: an early click would only cost a refusal.
    if (remaining() > 0) { event.preventDefault(); return; }
    // One click sends once; the server's draft lock and version check stop any second one.
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
  });
  if (opensAt) { tick(); }
  // The 503 page (the submit path was at its concurrency limit): it holds the same form
  // and sends it again after the server's Retry-After, with a little spread so that the
  // refused do not all come back in the same instant.
  var auto = Number(form.dataset.autoRetry || 0);
  if (auto) {
    if (retryNote) {
      retryNote.hidden = false;
      retryNote.textContent = fill(form.dataset.retryText, String(auto));
    }
    window.setTimeout(send, auto * 1000 + Math.random() * 1000);
  }
})();
