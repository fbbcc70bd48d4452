/* Forum's embeddable discussion: one script tag on a page of a registered site.
 *
 *   <script src="https://forum.example/embed.js" data-forum-page="https://site.example/a/"
 *           data-title="Optional title" defer></script>
 *   <noscript><a href="https://forum.example/embed/thread?url=https%3A%2F%2Fsite.example%2Fa%2F">
 *     Read and join the discussion</a></noscript>
 *
 * Links marked data-forum-count get their number of responses.
 *
 * Privacy, as on Forum's own pages: reading sets nothing and asks nobody but Forum (fetch with
 * credentials "omit", so no cookie goes either way). "Remember me" is a consent: only when it is
 * ticked are the name, email and private links kept, in this page's own localStorage. No inline
 * script or style is needed on the host page: the stylesheet comes from Forum, and nothing here
 * sets a style attribute. No framework, no build step. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) { return; }
  var forum = new URL(script.src, document.baseURI).origin;
  var api = forum + "/api/v1";
  var STORE = "forum-embed-commenter";
  var uid = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); }
    });
    return node;
  }

  function html(markup) {
    /* Comment bodies arrive sanitized by Forum (bleach, when written). */
    var template = document.createElement("template");
    template.innerHTML = markup;
    return template.content;
  }

  function request(path, options) {
    options = options || {};
    options.credentials = "omit";
    options.mode = "cors";
    options.headers = options.headers || {};
    if (options.body) { options.headers["Content-Type"] = "application/json"; }
    return fetch(api + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, ok: response.ok, body: body };
      });
    });
  }

  function remembered() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "null"); } catch (e) { return null; }
  }

  function remember(name, email, comment) {
    var kept = remembered() || { name: "", email: "", comments: [] };
    kept.name = name; kept.email = email;
    kept.comments = [comment].concat(kept.comments || []).slice(0, 20);
    try { window.localStorage.setItem(STORE, JSON.stringify(kept)); } catch (e) { /* storage off */ }
  }

  function forget() {
    try { window.localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
  }

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function when(iso) {
    var date = new Date(iso);
    return el("time", { datetime: iso, text: date.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }) });
  }

  /* --- counts for lists of links ------------------------------------------------------- */
  function fillCounts() {
    var links = Array.prototype.slice.call(document.querySelectorAll("[data-forum-count]"));
    if (!links.length) { return; }
    var urls = links.map(function (link) { return link.getAttribute("data-forum-count") || link.href; });
    /* In batches: servers refuse request lines over about 4 KB. */
    var batch = [], length = 0;
    function ask(indexes) {
      var query = indexes.map(function (i) { return "url=" + encodeURIComponent(urls[i]); }).join("&");
      request("/counts?" + query).then(function (answer) {
        if (!answer.ok) { return; }
        indexes.forEach(function (i) {
          var count = answer.body.counts[urls[i]] || 0;
          links[i].appendChild(el("span", { "class": "forum-embed-count", text: " (" + plural(count, "response", "responses") + ")" }));
        });
      });
    }
    urls.forEach(function (url, index) {
      var size = encodeURIComponent(url).length + 5;
      if (batch.length && (length + size > 3000 || batch.length === 20)) { ask(batch); batch = []; length = 0; }
      batch.push(index); length += size;
    });
    if (batch.length) { ask(batch); }
  }

  /* --- one discussion -------------------------------------------------------------------- */
  function Discussion(page, title) {
    this.page = page;
    this.title = title;
    this.root = el("section", { "class": "forum-embed", "aria-labelledby": "forum-embed-heading", "data-forum-state": "loading" });
    script.parentNode.insertBefore(this.root, script.nextSibling);
  }

  Discussion.prototype.load = function () {
    var self = this;
    return request("/threads?url=" + encodeURIComponent(self.page)).then(function (answer) {
      if (!answer.ok) {
        self.root.textContent = "";
        self.root.appendChild(el("p", { "class": "forum-embed-error", text: answer.body.detail || "The discussion could not be loaded." }));
        return;
      }
      self.render(answer.body);
    }, function () {
      self.root.textContent = "";
      self.root.appendChild(el("p", { "class": "forum-embed-error" }, ["The discussion could not be loaded. ",
        el("a", { href: forum + "/embed/thread?url=" + encodeURIComponent(self.page), text: "Read it on the discussion site" }), "."]));
    });
  };

  Discussion.prototype.render = function (data) {
    var self = this;
    var count = data.thread ? data.thread.response_count : 0;
    self.data = data;
    self.root.textContent = "";
    self.root.setAttribute("data-forum-state", "ready");
    self.root.appendChild(el("h2", { id: "forum-embed-heading", "class": "forum-embed-heading", text: plural(count, "response", "responses") }));
    var about = [count ? "" : el("span", { "class": "forum-embed-empty", text: "No one has responded yet. " }), "Comments are kept by ",
      el("a", { href: forum + "/", text: new URL(forum).host }), " under its ",
      el("a", { href: data.comment_form.privacy_notice_url, text: "privacy notice" }), "."];
    if (data.thread) {
      about.push(" ", el("a", { href: data.thread.discussion_url, text: "Open this discussion on its own page" }), ".");
    }
    self.root.appendChild(el("p", { "class": "forum-embed-about" }, about));
    self.list = el("ol", { "class": "forum-embed-comments" });
    data.comments.forEach(function (comment) { self.list.appendChild(self.comment(comment)); });
    if (data.comments.length) { self.root.appendChild(self.list); }
    self.receipt = el("div", { "class": "forum-embed-receipt", role: "status", "aria-live": "polite" });
    self.root.appendChild(self.receipt);
    self.keptNotes(data);
    if (data.accepts_comments) {
      self.formHome = el("div", { "class": "forum-embed-form-home" }, [self.form(data.comment_form)]);
      self.root.appendChild(self.formHome);
    } else if (!data.thread) {
      self.root.appendChild(el("p", { "class": "forum-embed-closed", text: "Comments are not open on this page: its site is not registered with " + new URL(forum).host + "." }));
    } else {
      self.root.appendChild(el("p", { "class": "forum-embed-closed", text: "Comments are closed. Everything said so far stays readable." }));
    }
  };

  /* Comments this browser remembers (only if "remember me" was ticked) that the thread does
     not show, i.e. still awaiting a moderator: a note only their writer sees, with the link. */
  Discussion.prototype.keptNotes = function (data) {
    var kept = remembered();
    var self = this;
    if (!kept || !kept.comments) { return; }
    var shown = {};
    (function walk(list) { list.forEach(function (c) { shown[c.id] = true; walk(c.replies || []); }); }(data.comments));
    var mine = kept.comments.filter(function (c) { return c.page === self.page && !shown[c.id]; });
    if (!mine.length) { return; }
    var list = el("ul", { "class": "forum-embed-kept" });
    mine.forEach(function (c) {
      list.appendChild(el("li", {}, ["Your comment #" + c.id + " is awaiting moderation; only you see this note. ",
        el("a", { href: c.manage_url, target: "_blank", rel: "noopener", text: "See or manage it" }), "."]));
    });
    self.root.insertBefore(list, self.receipt);
  };

  Discussion.prototype.comment = function (comment) {
    var self = this;
    var item = el("li", { "class": "forum-embed-comment forum-embed-" + comment.status, id: "forum-comment-" + comment.id });
    var body = el("article", { "aria-label": comment.author_name ? "Comment by " + comment.author_name : "A removed comment" });
    if (comment.status === "removed") {
      var removal = comment.removal || {};
      var words = removal.reason_label ? "Removed by a moderator — reason: " + removal.reason_label + "." : "This comment was removed by a moderator.";
      if (removal.statement) { words += " " + removal.statement; }
      body.appendChild(el("p", { "class": "forum-embed-marker", text: words }));
    } else if (comment.status === "withdrawn") {
      body.appendChild(el("p", { "class": "forum-embed-marker", text: "This comment was withdrawn by its author." }));
    } else {
      var name = comment.author_website
        ? el("a", { href: comment.author_website, rel: "nofollow ugc noopener", text: comment.author_name })
        : el("span", { text: comment.author_name });
      var header = el("header", { "class": "forum-embed-comment-header" }, [el("strong", { "class": "forum-embed-author" }, [name])]);
      if (comment.staff_badge) { header.appendChild(el("span", { "class": "forum-embed-badge", text: comment.staff_badge })); }
      header.appendChild(document.createTextNode(" "));
      header.appendChild(when(comment.created_at));
      if (comment.edited_at) { header.appendChild(el("span", { "class": "forum-embed-edited", text: comment.edited_by_moderator ? " · edited by a moderator" : " · edited" })); }
      body.appendChild(header);
      if (comment.status === "pending") {
        body.appendChild(el("p", { "class": "forum-embed-held", text: "Awaiting moderation: only you see it until a moderator approves it." }));
      }
      var text = el("div", { "class": "forum-embed-body" });
      text.appendChild(html(comment.body_html));
      body.appendChild(text);
      if (comment.status === "approved") {
        var actions = el("p", { "class": "forum-embed-actions" });
        var reply = el("button", { type: "button", "class": "forum-embed-link", text: "Reply" });
        reply.addEventListener("click", function () { self.replyTo(comment); });
        actions.appendChild(reply);
        actions.appendChild(el("a", { href: comment.report_url, target: "_blank", rel: "noopener", text: "Report" }));
        body.appendChild(actions);
      }
    }
    item.appendChild(body);
    if (comment.replies && comment.replies.length) {
      var replies = el("ol", { "class": "forum-embed-replies" });
      comment.replies.forEach(function (child) { replies.appendChild(self.comment(child)); });
      item.appendChild(replies);
    }
    return item;
  };

  function field(id, label, control, hint) {
    var box = el("div", { "class": "forum-embed-field" }, [el("label", { "for": id, text: label })]);
    if (hint) { box.appendChild(el("p", { "class": "forum-embed-hint", id: id + "-hint", text: hint })); control.setAttribute("aria-describedby", id + "-hint"); }
    box.appendChild(control);
    box.appendChild(el("p", { "class": "forum-embed-field-error", id: id + "-error", hidden: true }));
    return box;
  }

  Discussion.prototype.form = function (spec) {
    var self = this;
    var prefix = "forum-embed-" + (++uid) + "-";
    var kept = remembered();
    self.prefix = prefix;
    var form = el("form", { "class": "forum-embed-form", novalidate: true, "aria-labelledby": prefix + "heading" });
    self.formHeading = el("h3", { id: prefix + "heading", text: "Leave a response" });
    form.appendChild(self.formHeading);
    self.replying = el("p", { "class": "forum-embed-replying", hidden: true });
    form.appendChild(self.replying);
    self.fields = {
      body_md: el("textarea", { id: prefix + "body_md", name: "body_md", rows: "6", required: true, maxlength: String(spec.body_max_length) }),
      author_name: el("input", { id: prefix + "author_name", name: "author_name", autocomplete: "name", maxlength: String(spec.name_max_length), value: kept ? kept.name : "" }),
      author_email: el("input", { id: prefix + "author_email", name: "author_email", type: "email", autocomplete: "email", value: kept ? kept.email : "" }),
      author_website: el("input", { id: prefix + "author_website", name: "author_website", type: "url", autocomplete: "url" })
    };
    form.appendChild(field(prefix + "body_md", "Your response", self.fields.body_md, "Markdown works: *emphasis*, **strong**, > quote, [link](https://…)."));
    form.appendChild(field(prefix + "author_name", "Name (shown with your comment, unless you choose a pseudonym)", self.fields.author_name));
    form.appendChild(field(prefix + "author_email", "Email (optional, never shown)", self.fields.author_email));
    form.appendChild(field(prefix + "author_website", "Website (optional)", self.fields.author_website, "Stored and linked from your name only if you tick “Show my website link” below."));
    form.appendChild(el("p", { "class": "forum-embed-disclosure" }, [spec.disclosure + " ", el("a", { href: spec.privacy_notice_url, text: "Privacy: what we hold and why" }), "."]));
    var choices = el("fieldset", { "class": "forum-embed-choices" }, [el("legend", { text: "Your choices (all optional)" }),
      el("p", { "class": "forum-embed-hint", text: "Basis for each: " + spec.choices[0].basis + ". Posting does not depend on any of them." })]);
    self.choices = {};
    spec.choices.forEach(function (choice) {
      var box = el("input", { type: "checkbox", id: prefix + choice.key, name: choice.key });
      if (choice.key === "remember_me" && kept) { box.checked = true; }
      self.choices[choice.key] = box;
      var label = el("label", { "for": prefix + choice.key, text: choice.label });
      var row = el("p", { "class": "forum-embed-choice" }, [box, " ", label]);
      choices.appendChild(row);
    });
    form.appendChild(choices);
    self.formError = el("p", { "class": "forum-embed-form-error", role: "alert", hidden: true });
    form.appendChild(self.formError);
    var actions = el("p", { "class": "forum-embed-form-actions" }, [el("button", { type: "submit", "class": "forum-embed-button", text: "Post response" })]);
    self.cancel = el("button", { type: "button", "class": "forum-embed-link", hidden: true, text: "Cancel reply" });
    self.cancel.addEventListener("click", function () { self.replyTo(null); });
    actions.appendChild(self.cancel);
    form.appendChild(actions);
    form.addEventListener("submit", function (event) { event.preventDefault(); self.send(form); });
    self.formNode = form;
    return form;
  };

  Discussion.prototype.replyTo = function (comment) {
    this.parentId = comment ? comment.id : null;
    this.formHeading.textContent = comment ? "Reply to " + comment.author_name : "Leave a response";
    this.replying.hidden = !comment;
    this.cancel.hidden = !comment;
    this.replying.textContent = comment ? "You are replying to " + comment.author_name + "’s comment." : "";
    var anchor = comment ? document.getElementById("forum-comment-" + comment.id) : this.formHome;
    anchor.appendChild(this.formNode);
    this.fields.body_md.focus();
  };

  Discussion.prototype.showErrors = function (problem) {
    var self = this;
    Object.keys(self.fields).forEach(function (name) {
      var input = self.fields[name];
      var message = document.getElementById(input.id + "-error");
      var text = (problem.errors || {})[name];
      message.hidden = !text;
      message.textContent = text || "";
      if (text) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== message.id; });
      if (text) { described.push(message.id); }
      if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); } else { input.removeAttribute("aria-describedby"); }
    });
    var other = Object.keys(problem.errors || {}).filter(function (name) { return !self.fields[name]; })
      .map(function (name) { return problem.errors[name]; });
    var summary = problem.errors ? "Your comment was not posted yet: please correct the marked fields. Everything you typed is still here." : (problem.detail || "Your comment could not be posted.");
    self.formError.textContent = other.length ? summary + " " + other.join(" ") : summary;
    self.formError.hidden = false;
  };

  Discussion.prototype.send = function (form) {
    var self = this;
    var consents = {};
    Object.keys(self.choices).forEach(function (key) { consents[key] = self.choices[key].checked; });
    var payload = { url: self.page, title: self.title, parent_id: self.parentId || null, consents: consents };
    Object.keys(self.fields).forEach(function (name) { payload[name] = self.fields[name].value; });
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    request("/comments", { method: "POST", body: JSON.stringify(payload) }).then(function (answer) {
      button.disabled = false;
      if (!answer.ok) { self.showErrors(answer.body); return; }
      self.posted(answer.body, payload, consents);
    }, function () {
      button.disabled = false;
      self.showErrors({ detail: "The discussion site could not be reached. Your text is kept: please try again." });
    });
  };

  Discussion.prototype.posted = function (receipt, payload, consents) {
    var self = this;
    if (consents.remember_me) {
      remember(payload.author_name, payload.author_email, { id: receipt.comment.id, page: self.page, manage_url: receipt.manage_url });
    } else {
      forget();
    }
    self.fields.body_md.value = "";
    self.formError.hidden = true;
    Object.keys(self.fields).forEach(function (name) { self.fields[name].removeAttribute("aria-invalid"); });
    var parentId = self.parentId;
    self.replyTo(null);
    if (receipt.comment.status === "approved" && self.data.thread) {
      self.data.thread.response_count += 1;
    }
    var shown = self.data.thread ? self.data.thread.response_count : (receipt.comment.status === "approved" ? 1 : 0);
    if (!self.data.thread && receipt.comment.status === "approved") { self.data.thread = { response_count: 1 }; }
    self.root.querySelector(".forum-embed-heading").textContent = plural(shown, "response", "responses");
    var empty = self.root.querySelector(".forum-embed-empty");
    if (empty && shown) { empty.parentNode.removeChild(empty); }
    var item = self.comment(receipt.comment);
    var holder = parentId ? document.getElementById("forum-comment-" + parentId) : null;
    if (holder) {
      var replies = holder.querySelector(":scope > .forum-embed-replies") || holder.appendChild(el("ol", { "class": "forum-embed-replies" }));
      replies.appendChild(item);
    } else {
      if (!self.list.parentNode) { self.root.insertBefore(self.list, self.receipt); }
      self.list.appendChild(item);
    }
    self.receipt.textContent = "";
    var box = el("div", { "class": "forum-embed-receipt-box" }, [
      el("p", { "class": "forum-embed-receipt-title", text: receipt.message }),
      el("p", {}, ["Your private link to see your choices, edit, withdraw or erase this comment: ",
        el("a", { href: receipt.manage_url, target: "_blank", rel: "noopener", "class": "forum-embed-manage", text: "manage your comment" }),
        ". Keep it: it is shown once", receipt.consents.remember_me ? " (and kept in this browser, as you chose)." : "."]),
      el("p", {}, ["Your consent receipt: ", el("a", { href: receipt.receipt_url, target: "_blank", rel: "noopener", text: "the record of your choices" }), "."])
    ]);
    if (receipt.reply_notifications_pending) {
      box.appendChild(el("p", { text: "We sent a link to your email: replies are emailed only once you follow it." }));
    }
    self.receipt.appendChild(box);
    self.receipt.setAttribute("tabindex", "-1");
    self.receipt.focus();
  };

  var page = script.getAttribute("data-forum-page");
  if (page) {
    var discussion = new Discussion(new URL(page, document.baseURI).href, script.getAttribute("data-title") || document.title);
    var sheet = el("link", { rel: "stylesheet", href: forum + "/static/embed/embed.css" });
    document.head.appendChild(sheet);
    discussion.load();
  }
  fillCounts();
}());
