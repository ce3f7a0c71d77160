// Rebuild progress: polls /rebuild/status and shows each build step as it starts.
(function () {
  "use strict";
  var bar = document.getElementById("rebuild-bar");
  var state = document.getElementById("rebuild-state");
  var steps = document.getElementById("rebuild-steps");
  var error = document.getElementById("rebuild-error");
  function show(s) {
    bar.max = s.total || bar.max;
    bar.value = s.state === "done" ? bar.max : s.steps.length;
    state.textContent = s.state + (s.step && s.state === "running" ? ": " + s.step : "");
    while (steps.firstChild) { steps.removeChild(steps.firstChild); }
    s.steps.forEach(function (name) {
      var li = document.createElement("li");
      li.textContent = name;
      steps.appendChild(li);
    });
    if (s.state === "done" && s.summary) {
      state.textContent = "done: " + s.summary.statements + " statements, " + s.summary.triples + " triples";
    }
    error.textContent = s.error || "";
    document.body.setAttribute("data-rebuild", s.state);
  }
  function poll() {
    fetch("/rebuild/status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      show(s);
      if (s.state === "running") { setTimeout(poll, 200); }
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
}());
