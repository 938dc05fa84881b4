/* Polls a background job and updates its progress bar until it is done. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var errors = document.getElementById("job-errors");
  var download = document.getElementById("job-download");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        status.textContent = job.status + ": " + job.done + " / " + job.total;
        errors.innerHTML = "";
        job.errors.forEach(function (e) {
          var li = document.createElement("li"); li.textContent = e; errors.appendChild(li);
        });
        if (job.download) { download.hidden = false; }
        if (job.status === "queued" || job.status === "running") { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
