// The SPARQL page: runs the query through /sparql (the read-only endpoint), shows a SELECT as a table
// whose entity and article IRIs link to their pages, ASK as yes/no, graphs as text; CSV/JSON downloads.
(function () {
  "use strict";
  var ENT = "https://w3id.org/mali-kg/id/", ART = "https://w3id.org/mali-kg/article/";
  var box = document.getElementById("query"), results = document.getElementById("results");
  var status = document.getElementById("query-status");
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var example = document.getElementById("example");
  var csv = document.getElementById("csv"), json = document.getElementById("json");

  example.addEventListener("change", function () {
    if (example.selectedIndex > 0) { box.value = examples[example.selectedIndex - 1]; }
  });
  function el(tag, text) { var e = document.createElement(tag); if (text != null) { e.textContent = text; } return e; }
  function ask(accept) {
    return fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded",
      "Accept": accept}, body: new URLSearchParams({query: box.value})}).then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + ": " + t); }); }
        return r;
      });
  }
  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri" && term.value.indexOf(ENT) === 0) {
      var a = el("a", term.value.slice(ENT.length)); a.href = "/entity/" + encodeURIComponent(term.value.slice(ENT.length));
      td.appendChild(a);
    } else if (term.type === "uri" && term.value.indexOf(ART) === 0) {
      var b = el("a", term.value.slice(ART.length)); b.href = "/article/" + encodeURIComponent(term.value.slice(ART.length));
      td.appendChild(b);
    } else { td.textContent = term.value; }
    return td;
  }
  function table(data) {
    var t = el("table"), head = el("tr"), body = el("tbody");
    t.className = "rows"; t.id = "result-table";
    data.head.vars.forEach(function (v) { head.appendChild(el("th", v)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    data.results.bindings.forEach(function (row) {
      var tr = el("tr");
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  function run() {
    status.textContent = "running…";
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var started = performance.now();
    ask("application/sparql-results+json, text/turtle;q=0.9").then(function (r) {
      var type = r.headers.get("content-type") || "";
      if (type.indexOf("json") < 0) {
        return r.text().then(function (t) { results.appendChild(el("pre", t)); status.textContent = "graph result"; });
      }
      return r.json().then(function (data) {
        if (data.boolean !== undefined) {
          results.appendChild(el("p", data.boolean ? "yes" : "no")); status.textContent = "ASK";
          return;
        }
        results.appendChild(table(data));
        status.textContent = data.results.bindings.length + " rows in " + Math.round(performance.now() - started) + " ms";
        csv.disabled = false; json.disabled = false;
      });
    }).catch(function (e) { var p = el("p", e.message); p.className = "problem"; p.id = "query-error";
      results.appendChild(p); status.textContent = "failed"; });
  }
  function download(accept, name) {
    ask(accept).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = el("a"); a.href = URL.createObjectURL(blob); a.download = name;
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { status.textContent = e.message; });
  }
  document.getElementById("run").addEventListener("click", run);
  csv.addEventListener("click", function () { download("text/csv", "result.csv"); });
  json.addEventListener("click", function () { download("application/sparql-results+json", "result.json"); });
}());
