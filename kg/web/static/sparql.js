// The SPARQL page: the query in a CodeMirror editor (SPARQL highlighting, matching brackets,
// Ctrl+Enter runs, Ctrl+Space completes prefixed names of the ontology, the project's prefixes
// insertable), run through /sparql (the read-only endpoint): a SELECT as a table whose entity and
// article IRIs link to their pages, ASK as yes/no, graphs as text, errors at their line and column;
// CSV/JSON downloads of the query in the editor. Without script the form runs the query on the server.
(function () {
  "use strict";
  var ENT = "https://w3id.org/mali-kg/id/", ART = "https://w3id.org/mali-kg/article/";
  var box = document.getElementById("query"), results = document.getElementById("results");
  var status = document.getElementById("query-status"), form = document.getElementById("query-form");
  var examples = JSON.parse(document.getElementById("examples-data").textContent);
  var vocabulary = JSON.parse(document.getElementById("vocabulary-data").textContent);
  var example = document.getElementById("example");
  var prefixes = Array.prototype.map.call(document.querySelectorAll("button.prefix"), function (b) {
    return {prefix: b.dataset.prefix, iri: b.dataset.iri};
  });
  var names = prefixes.map(function (p) { return p.prefix + ":"; }).concat(vocabulary);
  var marks = [];

  function complete(cm) {
    var cur = cm.getCursor(), line = cm.getLine(cur.line), start = cur.ch;
    while (start > 0 && /[\w:.-]/.test(line.charAt(start - 1))) { start -= 1; }
    var word = line.slice(start, cur.ch).toLowerCase();
    var list = names.filter(function (n) { return n.toLowerCase().indexOf(word) === 0 && n.length > word.length; });
    return {list: list.slice(0, 200), from: CodeMirror.Pos(cur.line, start), to: cur};
  }
  var editor = CodeMirror.fromTextArea(box, {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true, autoCloseBrackets: true,
    indentUnit: 2, tabSize: 2, lineWrapping: true,
    extraKeys: {"Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); },
                "Ctrl-Space": function (cm) { cm.showHint({hint: complete, completeSingle: false}); }}
  });
  editor.on("change", clearMarks);

  function clearMarks() {
    marks.forEach(function (m) { m.clear(); });
    marks = [];
  }
  function declared(prefix) {
    return new RegExp("^\\s*PREFIX\\s+" + prefix.replace(/[.-]/g, "\\$&") + ":", "im").test(editor.getValue());
  }
  function declare(list) {
    var lines = list.filter(function (p) { return !declared(p.prefix); }).map(function (p) {
      return "PREFIX " + p.prefix + ": <" + p.iri + ">\n";
    });
    if (lines.length) { editor.replaceRange(lines.join(""), CodeMirror.Pos(0, 0)); }
    editor.focus();
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.prefix"), function (b) {
    b.addEventListener("click", function () { declare([{prefix: b.dataset.prefix, iri: b.dataset.iri}]); });
  });
  document.getElementById("declare-used").addEventListener("click", function () {
    var text = editor.getValue().replace(/<[^>\s]*>|"[^"\n]*"|#[^\n]*/g, " ");
    declare(prefixes.filter(function (p) {
      return new RegExp("(^|[^\\w:?$])" + p.prefix.replace(/[.-]/g, "\\$&") + ":").test(text);
    }));
  });
  example.addEventListener("change", function () {
    if (example.selectedIndex > 0) { editor.setValue(examples[example.selectedIndex - 1]); editor.focus(); }
  });
  form.addEventListener("submit", function (ev) {
    if (ev.submitter && ev.submitter.id === "run") { ev.preventDefault(); run(); }
    else { editor.save(); }
  });

  function el(tag, text) { var e = document.createElement(tag); if (text != null) { e.textContent = text; } return e; }
  function ask(accept) {
    return fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/x-www-form-urlencoded",
      "Accept": accept}, body: new URLSearchParams({query: editor.getValue()})}).then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { var e = new Error(t.trim()); e.status = r.status; throw e; }); }
        return r;
      });
  }
  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    var bases = [[ENT, "/entity/"], [ART, "/article/"]];
    for (var i = 0; i < bases.length; i += 1) {
      if (term.type === "uri" && term.value.indexOf(bases[i][0]) === 0) {
        var id = term.value.slice(bases[i][0].length), a = el("a", id);
        a.href = bases[i][1] + encodeURIComponent(id);
        td.appendChild(a);
        return td;
      }
    }
    td.textContent = term.value;
    return td;
  }
  function table(data) {
    var t = el("table"), head = el("tr"), body = el("tbody"), thead = el("thead");
    t.className = "rows"; t.id = "result-table";
    data.head.vars.forEach(function (v) { head.appendChild(el("th", v)); });
    thead.appendChild(head); t.appendChild(thead);
    data.results.bindings.forEach(function (row) {
      var tr = el("tr");
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  function failed(e) {
    var m = /error at (\d+):(\d+): /.exec(e.message), p = el("p");
    p.className = "problem"; p.id = "query-error";
    if (m) {
      var line = +m[1] - 1, ch = Math.max(0, +m[2] - 1), text = editor.getLine(line) || "";
      p.textContent = "line " + m[1] + ", column " + m[2] + ": " + e.message.replace(m[0], "");
      var from = CodeMirror.Pos(line, Math.min(ch, Math.max(0, text.length - 1)));
      var to = CodeMirror.Pos(line, Math.min(text.length, from.ch + 1));
      marks.push(editor.markText(from, to, {className: "cm-query-error"}));
      editor.setCursor(from);
    } else { p.textContent = e.message; }
    results.appendChild(p);
    status.textContent = "failed";
  }
  function run() {
    status.textContent = "running…";
    clearMarks();
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
      });
    }).catch(failed);
  }
  function download(accept, name) {
    ask(accept).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = el("a"); a.href = URL.createObjectURL(blob); a.download = name;
      document.body.appendChild(a); a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(function (e) { status.textContent = e.message; });
  }
  [["csv", "text/csv", "result.csv"], ["json", "application/sparql-results+json", "result.json"]].forEach(function (d) {
    var link = document.getElementById(d[0]);
    if (!link) {   // no query text when the page was made: add the link now
      link = el("a", "Download " + d[0].toUpperCase()); link.id = d[0]; link.className = "button"; link.href = "#";
      status.parentNode.insertBefore(link, status);
    }
    link.addEventListener("click", function (ev) { ev.preventDefault(); download(d[1], d[2]); });
  });
}());
