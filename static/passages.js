// Passage responses, progressively enhanced: without this file the "Respond" links beside each
// paragraph and the quote boxes of the form do everything. With it, selecting words of the post
// offers "Respond to this passage", selecting words of a comment offers "Quote in reply", and
// the "Respond" links add their paragraph to the form without reloading (keeping what is typed).
(function () {
  "use strict";

  var body = document.querySelector(".post-body.has-passages");
  var fields = document.getElementById("passage-fields");
  var form = document.querySelector(".comment-form");
  if (!body || !fields || !form) { return; }
  var revision = body.dataset.revision || "";

  document.querySelectorAll(".js-only").forEach(function (node) { node.hidden = false; });

  function normalise(text) { return text.replace(/\s+/g, " ").trim(); }

  function countQuotes() {
    var filled = Array.prototype.filter.call(fields.querySelectorAll("textarea[name=quote]"),
                                             function (box) { return box.value.trim(); });
    var summary = fields.querySelector("summary");
    summary.textContent = filled.length ?
      filled.length + " quoted " + (filled.length === 1 ? "passage" : "passages") + " of the post" :
      "Quote passages of the post you answer";
  }

  // Fill the empty box with the quote, and add a new empty box after it.
  function addQuote(text, blockId) {
    var entry = fields.querySelector(".quote-entry-new");
    var fresh = entry.cloneNode(true);
    var number = fields.querySelectorAll(".quote-entry").length;
    var box = entry.querySelector("textarea");
    entry.classList.remove("quote-entry-new");
    box.id = "quote-" + number;
    box.value = text;
    entry.querySelector("label").textContent = "Quoted passage " + number;
    entry.querySelector("label").htmlFor = box.id;
    entry.querySelector("input[name=quote_block]").value = blockId;
    entry.querySelector("input[name=quote_revision]").value = revision;
    fresh.querySelector("textarea").value = "";
    fresh.querySelector("label").firstChild.textContent = "Another passage ";
    entry.insertAdjacentElement("afterend", fresh);
    fields.open = true;
    countQuotes();
    box.focus();
  }

  document.querySelectorAll("a.passage-respond").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var block = document.getElementById(link.dataset.block);
      if (!block) { return; }
      event.preventDefault();
      addQuote(blockText(block), link.dataset.block);
    });
  });

  // A block's words without the counts and links added beside it.
  function blockText(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".passage-tools, ul, ol").forEach(function (tool) { tool.remove(); });
    return normalise(copy.textContent);
  }

  function selectedText(range) {
    var holder = document.createElement("div");
    holder.appendChild(range.cloneContents());
    holder.querySelectorAll(".passage-tools").forEach(function (tool) { tool.remove(); });
    return normalise(holder.textContent);
  }

  function blockOf(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    while (element && element !== body) {
      if (element.id && /^b-/.test(element.id)) { return element; }
      element = element.parentElement;
    }
    return null;
  }

  var offer = document.createElement("button");
  offer.type = "button";
  offer.className = "passage-offer";
  offer.hidden = true;
  document.body.appendChild(offer);
  var pending = null;

  function showOffer(range, label, action) {
    var box = range.getBoundingClientRect();
    offer.textContent = label;
    offer.style.top = (window.scrollY + box.bottom + 6) + "px";
    offer.style.left = Math.max(8, window.scrollX + box.left) + "px";
    offer.hidden = false;
    pending = action;
  }

  offer.addEventListener("mousedown", function (event) { event.preventDefault(); });
  offer.addEventListener("click", function () {
    if (pending) { pending(); }
    offer.hidden = true;
    pending = null;
    window.getSelection().removeAllRanges();
  });

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) {
      offer.hidden = true;
      return;
    }
    var range = selection.getRangeAt(0);
    var text = selectedText(range);
    if (!text) { offer.hidden = true; return; }
    var start = blockOf(range.startContainer), end = blockOf(range.endContainer);
    if (start && start === end) {
      showOffer(range, "Respond to this passage", function () { addQuote(text, start.id); });
      return;
    }
    var comment = range.commonAncestorContainer;
    comment = (comment.nodeType === 1 ? comment : comment.parentElement).closest(".comment-body");
    var reply = comment && comment.closest(".comment") &&
      comment.closest(".comment").querySelector(":scope > .comment-card a.reply-link");
    if (reply) {
      showOffer(range, "Quote in reply", function () { quoteInReply(reply, text); });
      return;
    }
    offer.hidden = true;
  }

  function quoteInReply(replyLink, text) {
    replyLink.click();  // forum.js moves the form under the comment and sets its parent
    var box = form.querySelector("textarea[name=reply_quote]");
    if (!box) {
      var field = document.createElement("div");
      field.className = "field";
      var label = document.createElement("label");
      label.htmlFor = "reply_quote";
      label.textContent = "Quote from " + replyLink.dataset.author + "’s comment";
      box = document.createElement("textarea");
      box.id = "reply_quote";
      box.name = "reply_quote";
      box.rows = 2;
      field.appendChild(label);
      field.appendChild(box);
      fields.insertAdjacentElement("afterend", field);
    }
    box.value = text;
    box.focus();
  }

  // "Cancel reply" (forum.js) leaves no reply to quote: the quote goes with it.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".js-cancel-reply")) {
      var box = form.querySelector("textarea[name=reply_quote]");
      if (box) { box.value = ""; }
    }
  });

  document.addEventListener("mouseup", function () { window.setTimeout(onSelection, 0); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) { onSelection(); }
  });
})();
