/* Polls a background job and updates its progress bar, its text (translated by the server)
   and its links until it is done. Without JavaScript the page reloads itself instead. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var errors = document.getElementById("job-errors");
  var download = document.getElementById("job-download");
  var results = document.getElementById("job-results");
  function list(element, items, make) {
    element.innerHTML = "";
    items.forEach(function (item) { element.appendChild(make(item)); });
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        status.textContent = job.text;
        list(errors, job.errors, function (e) {
          var li = document.createElement("li"); li.textContent = e; return li;
        });
        list(results, job.results, function (link) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = link.url; a.textContent = link.label; li.appendChild(a); return li;
        });
        if (job.download) { download.hidden = false; }
        if (job.resumable && !document.getElementById("job-resume")) {
          window.location.reload();  /* the server draws the resume button */
          return;
        }
        if (!job.finished) { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
