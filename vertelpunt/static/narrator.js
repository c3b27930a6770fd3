// Progressive help for narrators; the form works the same without it.
// Keeps a draft in this browser until the story is sent, and lets the story box grow.
(function () {
  "use strict";
  var store;
  try { store = window.localStorage; store.setItem("_t", "1"); store.removeItem("_t"); } catch (e) { store = null; }
  var body = document.body;
  var done = body.getAttribute("data-sent");
  if (done && store) { store.removeItem("draft:" + done); }
  var form = document.querySelector("form[data-draft]");
  if (!form) { return; }
  var key = "draft:" + form.getAttribute("data-draft");
  var story = form.querySelector("textarea");

  function grow() {
    if (!story) { return; }
    story.style.height = "auto";
    story.style.height = Math.max(story.scrollHeight + 4, 192) + "px";
  }

  function save() {
    if (!store) { return; }
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit") { return; }
      if ((el.type === "radio" || el.type === "checkbox")) {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.value) { data[el.name] = [el.value]; }
    });
    store.setItem(key, JSON.stringify(data));
  }

  function restore() {
    var raw = store && store.getItem(key);
    // What the server sent back (after a failed submit) wins over an older draft.
    if (!raw || (story && story.value)) { return; }
    var data = JSON.parse(raw);
    Array.prototype.forEach.call(form.elements, function (el) {
      var values = data[el.name];
      if (!values || el.type === "hidden") { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) !== -1; }
      else { el.value = values[0]; }
    });
    var note = document.getElementById("draft-note");
    if (note) { note.hidden = false; }
  }

  restore();
  grow();
  var timer;
  form.addEventListener("input", function (ev) {
    if (ev.target === story) { grow(); }
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  });
  form.addEventListener("change", save);
  form.addEventListener("submit", save);
})();
