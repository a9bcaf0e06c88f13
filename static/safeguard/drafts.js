// Drafts saved as the user types (templates/includes/draft_form_attrs.html, common/drafts.py).
//
// Once a form is sent, its autosave stops: the save discards the draft, and an autosave still
// to come (the typing pause timer, or the `change` fired as the text box loses focus to the
// button) would be answered after it. The server refuses such a late draft anyway (its form's
// one-time token is used, common/services.py); this spares the request.
(() => {
  "use strict";
  document.addEventListener(
    "submit",
    (event) => event.target.setAttribute("data-safeguard-sent", ""),
    true,
  );
  document.addEventListener("htmx:confirm", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (form && form.hasAttribute("data-safeguard-sent")) event.preventDefault();
  });
})();
