// Progressive enhancement only: without this file every link and form still works.
(function () {
  "use strict";

  // A link to a comment on another page of a long discussion (/posts/x#comment-42 while
  // comment 42 is on page 3): ask the server where it is. /comments/42 redirects there.
  function findLinkedComment() {
    var match = /^#comment-(\d+)$/.exec(window.location.hash);
    var discussion = document.getElementById("comments");
    if (!match || !discussion || document.getElementById("comment-" + match[1])) { return; }
    // Once per comment and page: should the server ever disagree, the reader is not bounced.
    var tried = "forum-looked-for-" + match[1] + window.location.pathname + window.location.search;
    try {
      if (window.sessionStorage.getItem(tried)) { return; }
      window.sessionStorage.setItem(tried, "1");
    } catch (blocked) { /* storage off: go anyway */ }
    var mine = new URLSearchParams(window.location.search).get("mine");
    window.location.replace(discussion.dataset.commentUrl.replace(/0$/, match[1]) +
                            (mine ? "?mine=" + encodeURIComponent(mine) : ""));
  }
  findLinkedComment();
  window.addEventListener("hashchange", findLinkedComment);

  var form = document.querySelector(".comment-form");
  var respond = document.getElementById("respond");
  if (!form || !respond) { return; }

  // "Reply" moves the comment form under the comment instead of loading a new page.
  var home = respond.parentNode, homeNext = respond.nextSibling;
  var heading = respond.querySelector("h2");
  var parentField = form.querySelector("input[name=parent_id]");
  var originalHeading = heading.textContent;

  function cancelLink() {
    var link = respond.querySelector(".js-cancel-reply");
    if (!link) {
      link = document.createElement("a");
      link.href = "#respond";
      link.className = "js-cancel-reply";
      link.textContent = "Cancel reply";
      heading.insertAdjacentElement("afterend", link);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        parentField.value = "";
        heading.textContent = originalHeading;
        home.insertBefore(respond, homeNext);
        link.remove();
      });
    }
  }

  document.querySelectorAll("a.reply-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      parentField.value = link.dataset.commentId;
      heading.textContent = "Reply to " + link.dataset.author;
      link.closest("article").insertAdjacentElement("afterend", respond);
      cancelLink();
      form.querySelector("textarea").focus();
    });
  });

  // Live preview: the server renders and sanitizes exactly as posting will, a moment after
  // the reader stops typing. The "Preview" button then only refreshes it in place.
  var textarea = form.querySelector("textarea[name=body_md]");
  var preview = document.getElementById("comment-preview");
  var previewBody = preview && preview.querySelector(".comment-body");
  var previewButton = form.querySelector(".preview-button");
  if (!textarea || !previewBody || !window.fetch) { return; }
  var timer = null, latest = 0;

  function refreshPreview() {
    var text = textarea.value;
    var ticket = ++latest;
    if (!text.trim()) {
      preview.hidden = true;
      return;
    }
    var body = new FormData();
    body.append("body_md", text);
    fetch(form.dataset.previewUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (content) { return { ok: response.ok, content: content }; });
      })
      .then(function (result) {
        if (ticket !== latest) { return; }  // an older answer arriving late
        if (result.ok) {
          previewBody.innerHTML = result.content;  // sanitized on the server, as stored comments are
        } else {
          previewBody.textContent = result.content.length < 300 ? result.content : "The preview is not available right now.";
        }
        preview.hidden = false;
      })
      .catch(function () { /* offline: the Preview button still works by reloading */ });
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refreshPreview, 600);
  });
  if (previewButton) {
    previewButton.addEventListener("click", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      refreshPreview();
      preview.scrollIntoView({ block: "nearest" });
    });
  }
})();
