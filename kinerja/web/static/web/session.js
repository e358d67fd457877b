// The signed-in session on every page (kinerja/web/session.py). Without this script the session
// still ends after the idle time; with it:
// * typing in a form keeps the session alive (at most one request to /sesi/ a minute);
// * two minutes before the end without activity, a banner offers "Tetap masuk";
// * what is typed in a form is kept in this browser tab (sessionStorage) as it is typed; when a
//   form is sent after the session ended, the sending is stopped, the banner says so and links
//   to the sign-in page, which comes back here; the typed values are then put back.
(function () {
  "use strict";
  var body = document.body;
  var url = body.dataset.sessionUrl;
  var idle = parseInt(body.dataset.idleSeconds || "0", 10) * 1000;
  if (!url || !idle || !window.fetch || !window.sessionStorage) return;
  var banner = document.getElementById("session-banner");
  var parts = {
    warning: document.getElementById("session-warning"),
    ended: document.getElementById("session-ended"),
    restored: document.getElementById("session-restored")
  };
  var WARN_BEFORE = Math.min(120000, idle / 2);
  var lastRenewed = Date.now();
  var warnTimer = null;
  var endTimer = null;
  var ended = false;

  function show(which) {
    Object.keys(parts).forEach(function (k) { if (parts[k]) parts[k].hidden = k !== which; });
    banner.hidden = !which;
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () { if (!ended) show("warning"); }, idle - WARN_BEFORE);
    endTimer = setTimeout(function () { check(); }, idle + 1000);
  }

  function ask() {
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.status === 200; })
      .catch(function () { return true; }); // offline: let the browser send the form as usual
  }

  function renewed() {
    lastRenewed = Date.now();
    ended = false;
    schedule();
  }

  function endedNow() {
    ended = true;
    clearTimeout(warnTimer);
    forms().forEach(function (form) {
      if (!touched[key(form)]) return;
      save(form);
      sessionStorage.setItem(key(form) + ":berakhir", sessionStorage.getItem(key(form)) || "{}");
    });
    var login = document.getElementById("session-login");
    if (login) login.href = body.dataset.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
    show("ended");
  }

  function check() {
    return ask().then(function (alive) {
      if (alive) { renewed(); if (!parts.restored || parts.restored.hidden) show(null); } else { endedNow(); }
      return alive;
    });
  }

  // -- what was typed -------------------------------------------------------------------------
  function forms() {
    return Array.prototype.filter.call(document.forms, function (f) {
      return (f.method || "").toLowerCase() === "post" && !f.hasAttribute("data-no-draft");
    });
  }
  function key(form) {
    var name = form.id || "form" + Array.prototype.indexOf.call(document.forms, form);
    return "kinerja-isian:" + location.pathname + "#" + name;
  }
  function keep(el) {
    return el.name && el.name !== "csrfmiddlewaretoken" && !el.disabled &&
      ["password", "file", "hidden", "submit", "button"].indexOf(el.type) < 0;
  }
  function save(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!keep(el)) return;
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) values[el.name + "=" + el.value] = true; }
      else values[el.name] = el.value;
    });
    try { sessionStorage.setItem(key(form), JSON.stringify(values)); } catch (e) { /* storage full */ }
  }
  function restore(form) {
    var raw = sessionStorage.getItem(key(form) + ":berakhir");
    if (!raw) return false;
    sessionStorage.removeItem(key(form) + ":berakhir");
    var values = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!keep(el)) return;
      if (el.type === "checkbox" || el.type === "radio") el.checked = !!values[el.name + "=" + el.value];
      else if (Object.prototype.hasOwnProperty.call(values, el.name)) el.value = values[el.name];
    });
    return true;
  }

  var restoredAny = false;
  var touched = {};
  forms().forEach(function (form) {
    if (restore(form)) { restoredAny = true; touched[key(form)] = true; }
    form.addEventListener("input", function () {
      touched[key(form)] = true;
      save(form);
      if (!ended && Date.now() - lastRenewed > 60000) check();
    });
    form.addEventListener("submit", function (event) {
      if (form.dataset.sessionChecked === "1") return; // checked just now: let it go
      event.preventDefault();
      save(form);
      var submitter = event.submitter;
      check().then(function (alive) {
        if (!alive) {
          sessionStorage.setItem(key(form) + ":berakhir", sessionStorage.getItem(key(form)) || "{}");
          return;
        }
        sessionStorage.removeItem(key(form));
        form.dataset.sessionChecked = "1";
        if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
        delete form.dataset.sessionChecked;
      });
    });
  });
  if (restoredAny) show("restored");

  var keepButton = document.getElementById("session-keep");
  if (keepButton) keepButton.addEventListener("click", function () { check(); });
  schedule();
})();
