// Follows a monitoring report being built: polls its status endpoint and shows the
// download links when it is ready. Without JavaScript the page offers a refresh link.
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var state = document.getElementById("report-state");
  var text = document.getElementById("report-progress-text");
  var bar = document.getElementById("report-progress");
  var downloads = document.getElementById("report-downloads");
  var refresh = document.getElementById("report-refresh");
  var sha = document.getElementById("report-sha256");
  var delay = 1000;

  function show(data) {
    state.textContent = data.state_label;
    text.textContent = data.progress + "%";
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    if (data.state === "done") {
      sha.textContent = data.sha256;
      downloads.hidden = false;
    }
    if (data.finished) {
      refresh.hidden = true;
      if (data.state === "failed") { window.location.reload(); }
    }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (!data.finished) {
          window.setTimeout(poll, delay);
          delay = Math.min(delay * 1.5, 10000);
        }
      })
      .catch(function () {
        // Leave the refresh link: the person can still follow it by hand.
        refresh.hidden = false;
      });
  }

  // A finished report (ready or failed) has nothing to follow.
  if (refresh.hidden) { return; }
  poll();
})();
