// Review desk: when a candidate's relation changes, its subject and object suggest only the actors
// the relation's domain and range admit (one <datalist> per class, rendered by the server); the
// candidate being edited is shown in the article beside it (its span scrolled to and highlighted).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var pane = document.getElementById("article-text");
  document.querySelectorAll("section.candidate select.relation").forEach(function (select) {
    select.addEventListener("change", function () {
      var pair = data.relations[select.value];
      var box = select.closest("section.candidate");
      if (!pair || !box) { return; }
      box.querySelector("input.subject").setAttribute("list", "dl-" + pair[0]);
      box.querySelector("input.object").setAttribute("list", "dl-" + pair[1]);
    });
  });
  function show(id) {
    document.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
    var card = document.getElementById("c-" + id);
    if (card) { card.classList.add("current"); }
    var first = null;
    pane.querySelectorAll("a.hl").forEach(function (a) {
      if (a.dataset.ids.split(" ").indexOf(id) >= 0) { a.classList.add("current"); first = first || a; }
    });
    if (first) {
      var top = first.offsetTop - pane.offsetTop - pane.clientHeight / 3;
      pane.scrollTop = Math.max(0, top);
    }
  }
  document.querySelectorAll("section.candidate").forEach(function (card) {
    card.addEventListener("focusin", function () { show(card.dataset.id); });
    card.addEventListener("click", function () { show(card.dataset.id); });
  });
  pane.querySelectorAll("a.hl").forEach(function (a) {
    a.addEventListener("click", function () { show(a.dataset.ids.split(" ")[0]); });
  });
  document.querySelectorAll("a.where").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); show(a.closest("section.candidate").dataset.id); });
  });
}());
