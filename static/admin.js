// The admin panel's progressive enhancement. Without this file every page still works: the
// menu is a <details>, "Select all" is a link, each row has its own buttons and forms.
// With it: the menu stays open on wide screens in older browsers, a select-all checkbox, the
// removal fields appear only when "Remove" is chosen, and keyboard shortcuts in the queue
// (j/k move, x select, a approve, s spam, r remove, o open), as in WordPress.
(function () {
  "use strict";

  // --- Menu: open on wide screens where CSS cannot do it (no ::details-content) -------------
  var menu = document.getElementById("admin-menu");
  if (menu && !(window.CSS && CSS.supports && CSS.supports("selector(::details-content)"))) {
    var wide = window.matchMedia("(min-width: 48.01rem)");
    var follow = function () { if (wide.matches) { menu.open = true; } };
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
  }

  var table = document.querySelector(".queue-table");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tr.queue-row"));
  var boxes = rows.map(function (row) { return row.querySelector("input[name=comment_ids]"); });

  // --- Select all: a checkbox instead of the link (which reloads with every box ticked) -------
  var link = table.querySelector("a.select-all");
  if (link && rows.length) {
    var all = document.createElement("input");
    all.type = "checkbox";
    all.id = "select-all";
    var label = document.createElement("label");
    label.className = "select-all-label";
    var words = document.createElement("span");
    words.className = "select-all-words";
    words.textContent = "Select all comments on this page";
    label.append(all, words);
    var sync = function () {
      var ticked = boxes.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    };
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) { box.addEventListener("change", sync); });
    link.replaceWith(label);
    sync();
  }

  // --- Bulk form: the reason fields only matter for "Remove" ---------------------------------
  var action = document.getElementById("bulk-action");
  var removal = document.querySelector(".bulk-removal");
  if (action && removal) {
    var showRemoval = function () { removal.hidden = action.value !== "remove"; };
    action.addEventListener("change", showRemoval);
    showRemoval();
  }

  // --- Keyboard shortcuts ------------------------------------------------------------------
  var hint = document.getElementById("queue-shortcuts");
  if (!rows.length) { return; }
  if (hint) { hint.hidden = false; }
  var CURSOR_KEY = "forum.queue.cursor";
  // The same place in the queue whether or not the address spells out its defaults
  // ("/admin/comments" and "/admin/comments?tab=pending" are one page).
  var query = new URLSearchParams(location.search);
  var here = [location.pathname, query.get("tab") || "pending", query.get("post") || "",
              query.get("page") || "1"].join("|");
  var current = -1;

  function setCurrent(index) {
    if (index < 0 || index >= rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("is-current"); }
    current = index;
    var row = rows[current];
    row.classList.add("is-current");
    row.tabIndex = -1;
    row.focus();
    row.scrollIntoView({block: "nearest"});
  }

  function rememberCursor() {
    try {
      sessionStorage.setItem(CURSOR_KEY, JSON.stringify({page: here, index: current}));
    } catch (error) { /* storage may be off: the cursor then starts at the top */ }
  }

  // After an action the page reloads at the same address: put the cursor back where it was.
  try {
    var saved = JSON.parse(sessionStorage.getItem(CURSOR_KEY) || "null");
    sessionStorage.removeItem(CURSOR_KEY);
    if (saved && saved.page === here && saved.index >= 0) {
      setCurrent(Math.min(saved.index, rows.length - 1));
    }
  } catch (error) { /* nothing saved */ }

  // A removal refused for want of a reason comes back open on its row: go straight there.
  var refused = table.querySelector("details.row-remove[open]");
  if (refused) {
    setCurrent(rows.indexOf(refused.closest("tr")));
    var reason = refused.querySelector("select");
    if (reason) { reason.focus(); }
  }

  rows.forEach(function (row, index) {
    row.addEventListener("focusin", function () {
      if (current !== index) {
        if (current >= 0) { rows[current].classList.remove("is-current"); }
        current = index;
        row.classList.add("is-current");
      }
    });
  });
  // A row's own buttons also remember the cursor, so a mouse click keeps the place too.
  document.querySelectorAll(".row-form").forEach(function (form) {
    form.addEventListener("submit", rememberCursor);
  });

  function typing(target) {
    var tag = target.tagName;
    if (target.isContentEditable || tag === "TEXTAREA" || tag === "SELECT") { return true; }
    return tag === "INPUT" && !/^(checkbox|radio|button|submit)$/.test(target.type);
  }

  function press(shortcut) {
    var control = rows[current].querySelector("[data-shortcut='" + shortcut + "']");
    if (!control) { return false; }
    if (control.tagName === "SUMMARY") {
      var details = control.parentNode;
      details.open = true;
      var first = details.querySelector("select, textarea, button");
      if (first) { first.focus(); }
      return true;
    }
    rememberCursor();
    control.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey ||
        typing(event.target)) { return; }
    var key = event.key;
    if (key === "j" || key === "k") {
      setCurrent(current < 0 ? 0 : current + (key === "j" ? 1 : -1));
    } else if (current < 0) {
      return;
    } else if (key === "x") {
      var box = boxes[current];
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change"));
    } else if (key === "a" || key === "s" || key === "r" || key === "o") {
      if (!press(key)) { return; }
    } else {
      return;
    }
    event.preventDefault();
  });
})();
