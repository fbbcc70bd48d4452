// Progressive enhancement only: without this file every link and form still works.
// "Reply" moves the comment form under the comment instead of loading a new page.
(function () {
  "use strict";
  var form = document.querySelector(".comment-form");
  var respond = document.getElementById("respond");
  if (!form || !respond) { return; }
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
})();
