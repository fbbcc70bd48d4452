// The post editor's progressive enhancement. Without it the editor works as a plain form:
// Preview, Save draft, Schedule and Publish each submit it. With it: a live preview beside the
// text on wide screens, a draft saved in the background every few seconds while it changes,
// a warning before leaving with unsaved changes, and a counter under the excerpt.
(function () {
  "use strict";
  var form = document.getElementById("post-editor");
  if (!form || !window.fetch || !window.FormData) { return; }
  var body = form.querySelector("#body_md");
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var AUTOSAVE_MS = 8000, PREVIEW_MS = 600;

  function formData() { return new FormData(form); }
  function snapshot() {
    var pairs = [];
    formData().forEach(function (value, key) {
      if (key !== "csrf_token" && key !== "version") { pairs.push(key + "=" + value); }
    });
    return pairs.join("&");
  }

  // --- Unsaved changes: warn before leaving, except when the form itself is submitted -------
  var saved = snapshot();
  var submitting = false;
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && snapshot() !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- Autosave (drafts only: the form carries the address when the post is a draft) --------
  var autosaveUrl = form.getAttribute("data-autosave-url");
  var saving = false;
  function autosave() {
    var now = snapshot();
    if (!autosaveUrl || saving || now === saved) { return; }
    saving = true;
    var data = formData();
    data.set("action", "draft");
    fetch(autosaveUrl, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json().then(function (answer) {
        if (answer.saved) {
          saved = now;
          version.value = answer.version;
          status.textContent = "Draft saved automatically at " +
            new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) +
            " (revision " + answer.revision + ").";
        } else {
          status.textContent = "Not saved automatically: " + answer.reason;
        }
      }); })
      .catch(function () { status.textContent = "Not saved automatically: the site could not be reached. Your text is still here."; })
      .then(function () { saving = false; });
  }
  if (autosaveUrl) { window.setInterval(autosave, AUTOSAVE_MS); }

  // --- Live preview beside the text on wide screens ----------------------------------------
  var pane = form.querySelector(".live-preview");
  var previewUrl = form.getAttribute("data-preview-url");
  var wide = window.matchMedia("(min-width: 75rem)");
  var timer = null, shown = null;
  function refresh() {
    if (!wide.matches || !pane || !previewUrl) { return; }
    var data = new FormData();
    data.set("csrf_token", form.querySelector("input[name=csrf_token]").value);
    data.set("body_md", body.value);
    if (body.value === shown) { return; }
    shown = body.value;
    fetch(previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        // The server rendered and sanitized it, exactly as saving would.
        if (html !== null) { pane.querySelector(".post-body").innerHTML = html; }
      })
      .catch(function () { shown = null; });
  }
  function follow() {
    if (!pane) { return; }
    pane.hidden = !wide.matches;
    form.classList.toggle("with-live-preview", wide.matches);
    refresh();
  }
  if (pane) {
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PREVIEW_MS);
    });
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
    follow();
  }

  // --- Excerpt counter ----------------------------------------------------------------------
  var excerpt = form.querySelector("#excerpt");
  var counter = document.getElementById("excerpt-count");
  if (excerpt && counter) {
    var recommended = parseInt(excerpt.getAttribute("data-recommended"), 10) || 300;
    var count = function () {
      var length = excerpt.value.length;
      counter.textContent = length + " characters" + (length > recommended
        ? ": longer than the " + recommended + " that read well in listings and feeds"
        : " (up to about " + recommended + " read well in listings and feeds)");
      counter.classList.toggle("over", length > recommended);
    };
    excerpt.addEventListener("input", count);
    count();
  }
}());
