// The submit form of a review page on a click day (docs/clickday.md).
// Without this script the form posts as usual and the server decides; with it:
// - a countdown to the opening instant, on the server's clock (the offset between the
//   page's server time and this browser's clock is measured once, at load), and the
//   button held until the instant, so that an early click does not cost a refusal;
// - a submission refused with 503 (the submit path is at its concurrency limit) is sent
//   again after the Retry-After the server gave, the form kept as it is: the server's
//   draft lock and version check make a second arrival harmless.
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

  function send() {
    if (button) { button.disabled = true; }
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "clickday" }
    }).then(function (response) {
      if (response.status === 503) {
        var wait = Math.max(1, Number(response.headers.get("Retry-After")) || 2);
        // A little spread, so that the refused do not all come back in the same instant.
        var jitter = Math.random() * 1000;
        if (retryNote) {
          retryNote.hidden = false;
          retryNote.textContent = fill(form.dataset.retryText, String(wait));
        }
        window.setTimeout(send, wait * 1000 + jitter);
        return null;
      }
      if (response.redirected) {
        window.location.assign(response.url);
        return null;
      }
      return response.text().then(function (html) {
        document.open();
        document.write(html);
        document.close();
      });
    }).catch(function () {
      // The network failed: the server may or may not have the submission; the page it
      // shows after a reload says which (a submitted draft redirects to its detail page).
      window.location.reload();
    });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) { return; }
    event.preventDefault();
    if (remaining() > 0) { return; }
    send();
  });
  if (opensAt) { tick(); }
  // The 503 page itself: send the kept form again after the server's wait.
  var auto = Number(form.dataset.autoRetry || 0);
  if (auto) { window.setTimeout(send, auto * 1000 + Math.random() * 1000); }
})();
