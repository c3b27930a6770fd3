// Progressive help for narrators; the form works the same without it.
// Keeps a draft on this phone until the story is sent, the narrator clears it, or it is a day old (a
// phone may be shared: the next person must not find it); lets the story box grow; copies the code.
(function () {
  "use strict";
  var DAY = 864e5, PREFIX = "draft:";
  var store;
  try { store = window.localStorage; store.setItem("_t", "1"); store.removeItem("_t"); } catch (e) { store = null; }

  // A draft's fields, or null: unreadable, older than a day, or saved "later" than now (a clock set back).
  function fresh(raw) {
    var d;
    try { d = JSON.parse(raw); } catch (e) { return null; }
    var age = d && typeof d.t === "number" ? Date.now() - d.t : -1e15;
    return age > -6e4 && age < DAY && d.v ? d.v : null;
  }

  if (store) {  // every stale draft goes, whichever link it belongs to
    for (var i = store.length - 1; i >= 0; i--) {
      var k = store.key(i);
      if (k && k.indexOf(PREFIX) === 0 && !fresh(store.getItem(k))) { store.removeItem(k); }
    }
  }
  var done = document.body.getAttribute("data-sent");
  if (done && store) { store.removeItem(PREFIX + done); }
  copier();
  var form = document.querySelector("form[data-draft]");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-draft");
  var story = form.querySelector("textarea");
  var box = document.getElementById("draft"), note = document.getElementById("draft-note");
  var clearButton = document.getElementById("draft-clear"), cleared = document.getElementById("draft-cleared");

  function fields(fn) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.type !== "hidden" && el.type !== "submit") { fn(el, el.type === "radio" || el.type === "checkbox"); }
    });
  }

  function grow() {
    if (!story) { return; }
    story.style.height = "auto";
    story.style.height = Math.max(story.scrollHeight + 4, 192) + "px";
  }

  function save() {
    if (!store) { return; }
    var data = {}, any = false;
    fields(function (el, choice) {
      if (choice ? !el.checked : !el.value) { return; }
      any = true;
      if (choice) { (data[el.name] = data[el.name] || []).push(el.value); } else { data[el.name] = [el.value]; }
    });
    try {
      if (any) { store.setItem(key, JSON.stringify({ t: Date.now(), v: data })); } else { store.removeItem(key); }
    } catch (e) { /* storage full: the form still works */ }
  }

  // Back to the fields as the server sent them: empty, or the narrator's text after a failed submit.
  function reset() {
    fields(function (el, choice) { if (choice) { el.checked = el.defaultChecked; } else { el.value = el.defaultValue; } });
  }

  function restore() {
    if (!store) { return; }
    var data = fresh(store.getItem(key));
    if (!data) {
      // Nothing kept (sent, cleared or a day old): what the browser itself put back on reload or Back
      // goes too, or the next person on this phone would still find it.
      store.removeItem(key);
      reset();
      note.hidden = true;
      return;
    }
    if (story && story.defaultValue) { return; }  // the server's copy (a failed submit) wins over a draft
    fields(function (el, choice) {
      var values = data[el.name];
      if (choice) { el.checked = !!values && values.indexOf(el.value) !== -1; } else { el.value = values ? values[0] : ""; }
    });
    note.hidden = false;
  }

  // A page left open on the phone: once its draft is a day old, the text goes from the screen too.
  // Only a kept draft that went stale counts, so text typed a moment ago (still unsaved) is never lost.
  function expire() {
    var raw = store && !timer && store.getItem(key);
    if (raw && !fresh(raw)) {
      store.removeItem(key);
      reset();
      note.hidden = true;
      grow();
    }
  }

  function flush() {
    if (timer) { clearTimeout(timer); timer = null; save(); }
  }

  function clear() {
    if (!window.confirm(clearButton.getAttribute("data-confirm"))) { return; }
    fields(function (el, choice) {
      if (choice) { el.checked = el.defaultChecked = false; } else { el.value = el.defaultValue = ""; }
    });
    // The "this looks personal" box quotes the story; without it the next text is checked again.
    Array.prototype.forEach.call(document.querySelectorAll("#personal, input[name=personal_checked]"), function (el) {
      el.parentNode.removeChild(el);
    });
    if (store) { store.removeItem(key); }
    note.hidden = true;
    cleared.textContent = cleared.getAttribute("data-text");
    grow();
  }

  function copier() {
    var button = document.getElementById("copy-code"), code = document.getElementById("receipt-code");
    if (!button || !code) { return; }
    var status = document.getElementById("copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      function said(ok) { status.textContent = button.getAttribute(ok ? "data-copied" : "data-selected"); }
      function select() {  // the older way; at least the code is selected for the phone's own menu
        var range = document.createRange(), selection = window.getSelection();
        range.selectNodeContents(code);
        selection.removeAllRanges();
        selection.addRange(range);
        try { said(document.execCommand("copy")); } catch (e) { said(false); }
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.textContent).then(function () { said(true); }, select);
      } else { select(); }
    });
  }

  if (store && box) {
    box.hidden = false;
    clearButton.addEventListener("click", clear);
  }
  restore();
  grow();
  var timer;
  form.addEventListener("input", function (ev) {
    if (ev.target === story) { grow(); }
    if (cleared) { cleared.textContent = ""; }
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; save(); }, 300);
  });
  form.addEventListener("change", save);
  form.addEventListener("submit", save);
  // Only a save still waiting is done on leaving: a draft is never re-dated by merely closing the page.
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", function () { if (document.hidden) { flush(); } else { expire(); } });
  // Chromium puts its own copy of the fields back on reload and Back after the scripts ran, just before
  // "pageshow" (and keeps the page whole in its Back cache): the draft's rules get the last word here.
  window.addEventListener("pageshow", function () { restore(); grow(); });
})();
