// Review desk: when a candidate's relation changes, its subject and object suggest only the actors
// the relation's domain and range admit (one <datalist> per class, rendered by the server).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  document.querySelectorAll("section.candidate select.relation").forEach(function (select) {
    select.addEventListener("change", function () {
      var pair = data.relations[select.value];
      var box = select.closest("section.candidate");
      if (!pair || !box) { return; }
      box.querySelector("input.subject").setAttribute("list", "dl-" + pair[0]);
      box.querySelector("input.object").setAttribute("list", "dl-" + pair[1]);
    });
  });
}());
