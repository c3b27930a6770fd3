// The facilitator's board and observation list, enhanced: new observations arrive without reloading
// (polling a small JSON endpoint; see facilitator.py for why not server-sent events), and cards can be
// dragged onto a theme. Without JavaScript the same works through the forms on the page.
(function () {
  "use strict";

  function poll(root, onItem) {
    var url = root.getAttribute("data-live-url");
    var since = parseInt(root.getAttribute("data-since") || "0", 10);
    var every = parseInt(root.getAttribute("data-poll") || "4000", 10);
    var changedAfter = "";
    var busy = false;
    function tick() {
      if (busy || document.hidden) { return; }
      busy = true;
      var query = "?since=" + since + "&changed_after=" + encodeURIComponent(changedAfter);
      fetch(url + query, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          reconcile(data);
          grouping(data.grouping);
          changedAfter = data.now || changedAfter;
          data.observations.forEach(onItem);
          since = Math.max(since, data.last_id);
          root.setAttribute("data-since", String(since));
          var total = document.getElementById("total");
          if (total) { total.textContent = String(data.count); }
        })
        .catch(function () { /* offline for a moment: the next tick tries again */ })
        .then(function () { busy = false; });
    }
    // Every few seconds; every second while the worker groups, so the themes show soon after.
    (function next() {
      var line = document.getElementById("grouping-state");
      var busyNow = line && line.getAttribute("data-state") === "busy";
      window.setTimeout(function () { tick(); next(); }, busyNow ? 1000 : every);
    }());
  }

  // The worker groups; while it does, the line says so, and the board reloads once it is done (its
  // themes are drawn by the server, with every control of the forms).
  function grouping(state) {
    var line = document.getElementById("grouping-state");
    if (!line || state === undefined) { return; }
    var was = line.getAttribute("data-state");
    line.setAttribute("data-state", state);
    if (was === "busy" && state !== "busy") { window.location.reload(); }
  }

  function busyWhileGrouping() {
    var form = document.getElementById("group-form");
    var line = document.getElementById("grouping-state");
    if (!form || !line) { return; }
    form.addEventListener("submit", function () {
      line.textContent = line.getAttribute("data-busy-text");
      // Disabled after the browser read the pressed button's value, so a second press sends nothing.
      window.setTimeout(function () {
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  }

  // Cards their authors changed get their new words; cards taken back leave the screen.
  function reconcile(data) {
    (data.changed || []).forEach(function (item) {
      ["obs-", "card-"].forEach(function (prefix) {
        var el = document.getElementById(prefix + item.id);
        if (!el) { return; }
        var text = el.querySelector(".feed-text, .card-text");
        var small = el.querySelector(".card-meta");
        if (text) { text.textContent = item.text; }
        if (small) { small.textContent = (prefix === "obs-" ? " " : "") + meta(item); }
      });
    });
    if (!data.ids) { return; }
    var left = {};
    data.ids.forEach(function (id) { left[id] = true; });
    document.querySelectorAll("#feed > li[id^='obs-'], .card[data-card-id]").forEach(function (el) {
      var id = el.getAttribute("data-card-id") || el.id.slice(4);
      if (left[id] || el.closest("template")) { return; }
      var section = el.closest(".theme");
      el.parentNode.removeChild(el);
      count(section);
    });
  }

  function meta(item) {
    var titles = item.stories.map(function (s) { return s.title; }).join(", ");
    return item.author + (titles ? " · " + titles : "");
  }

  function feedItem(list) {
    return function (item) {
      if (document.getElementById("obs-" + item.id)) { return; }
      var li = document.createElement("li");
      li.id = "obs-" + item.id;
      li.className = "fresh";
      var text = document.createElement("span");
      text.className = "feed-text";
      text.textContent = item.text;
      var small = document.createElement("span");
      small.className = "card-meta";
      small.textContent = " " + meta(item);
      li.appendChild(text);
      li.appendChild(small);
      list.appendChild(li);
    };
  }

  function boardItem(template, column) {
    return function (item) {
      if (document.getElementById("card-" + item.id) || item.theme_id) { return; }
      // Imported, not cloned: a node of the template's inert document has no base address, so its
      // forms' action would read as "" and a drag or click would post to the board page itself.
      var card = document.importNode(template.content.firstElementChild, true);
      card.id = "card-" + item.id;
      card.setAttribute("data-card-id", String(item.id));
      card.classList.add("fresh");
      card.querySelector(".card-text").textContent = item.text;
      card.querySelector(".card-meta").textContent = meta(item);
      var form = card.querySelector("form.move");
      card.querySelectorAll("form").forEach(function (f) {
        f.setAttribute("action", f.getAttribute("action").replace(/\/kaarten\/0(\/|$)/, "/kaarten/" + item.id + "$1"));
      });
      var select = form.querySelector("select");
      select.id = "move-" + item.id;
      form.querySelector("label").setAttribute("for", select.id);
      column.appendChild(card);
      draggable(card);
    };
  }

  function count(section) {
    if (!section) { return; }
    var hex = section.querySelector(".hex");
    if (hex) { hex.textContent = String(section.querySelectorAll(".card").length); }
  }

  function moveCard(card, target, zone) {
    var form = card.querySelector("form.move");
    var select = form.querySelector("select");
    if (!select.querySelector('option[value="' + target + '"]')) {
      // The card's own theme is not offered in its form; after a move it may be the way back.
      var option = document.createElement("option");
      option.value = target;
      var head = zone.closest(".theme");
      option.textContent = head ? head.querySelector("h2").textContent : target;
      select.insertBefore(option, select.firstChild);
    }
    select.value = target;
    var from = card.closest(".theme");
    fetch(form.action, {method: "POST", body: new FormData(form),
                        headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (r) {
        if (r.status === 404) { return {gone: true}; }  // its author took it back a moment ago
        return r.json().then(function (data) { return {ok: r.ok, data: data}; });
      })
      .then(function (res) {
        if (res.gone) {
          card.parentNode.removeChild(card);
          count(from);
          return;
        }
        if (!res.ok || !res.data.ok) { form.submit(); return; }
        zone.appendChild(card);
        card.classList.add("by-person");
        count(from);
        count(zone.closest(".theme"));
        var status = document.getElementById("board-status");
        if (status) { status.textContent = res.data.message; }
      })
      .catch(function () { form.submit(); });
  }

  function draggable(card) {
    card.addEventListener("dragstart", function (event) {
      event.dataTransfer.setData("text/plain", card.getAttribute("data-card-id"));
      event.dataTransfer.effectAllowed = "move";
      card.classList.add("dragging");
    });
    card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
  }

  function dropZone(zone) {
    var box = zone.closest(".theme, .column") || zone;
    var cards = zone.classList.contains("cards") ? zone : zone.querySelector(".cards");
    var target = zone.getAttribute("data-drop-theme");
    box.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      box.classList.add("drop-target");
    });
    box.addEventListener("dragleave", function () { box.classList.remove("drop-target"); });
    box.addEventListener("drop", function (event) {
      event.preventDefault();
      box.classList.remove("drop-target");
      var card = document.getElementById("card-" + event.dataTransfer.getData("text/plain"));
      if (card && card.parentNode !== cards) { moveCard(card, target, cards); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var feed = document.getElementById("feed");
    if (feed) { poll(feed, feedItem(feed)); }
    busyWhileGrouping();
    var board = document.getElementById("board");
    if (!board) { return; }
    var template = document.getElementById("card-template");
    poll(board, boardItem(template, document.getElementById("new-cards")));
    Array.prototype.forEach.call(board.querySelectorAll(".card"), draggable);
    var zones = board.querySelectorAll(".cards[data-drop-theme]");
    Array.prototype.forEach.call(zones, dropZone);
  });
}());
