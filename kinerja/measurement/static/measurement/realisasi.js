// Optional enhancement: preview the realisation and capaian the engine computes from the typed
// (unsaved) input. The page works without this script; the server recomputes on save.
(function () {
  "use strict";
  var form = document.getElementById("realization-form");
  var box = document.getElementById("preview");
  if (!form || !box || !window.fetch || !form.dataset.preview) return;
  var timer = null;
  function refresh() {
    fetch(form.dataset.preview, { method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        var tmp = document.createElement("div");
        tmp.innerHTML = html;
        var fresh = tmp.querySelector("#preview");
        box.innerHTML = fresh ? fresh.innerHTML : "";
      })
      .catch(function () {});
  }
  form.addEventListener("input", function (e) {
    if (!e.target.matches("input.number, select")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
