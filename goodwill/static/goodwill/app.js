// Goodwill's shared script: the person picker on the log form, the draft tools (copy, and a
// mailto: link that carries the words as edited), the "More" menu closing on a tap
// elsewhere, and a form's first error scrolled into view. Everything works without it.
"use strict";

function chosenChanged(chosen) {
  chosen.dispatchEvent(new Event("chosen-changed", { bubbles: true }));
}

document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "participants") return;
  const chosen = document.getElementById("chosen");
  if (!chosen) return;
  if (box.closest("#who-results") && box.checked) {
    // A pick from the search results joins the chosen people; the search clears.
    chosen.appendChild(box.closest("label"));
    const results = document.getElementById("who-results");
    if (results) results.replaceChildren();
    const q = document.getElementById("who-q");
    if (q) {
      q.value = "";
      q.focus();
    }
    chosenChanged(chosen);
  } else if (box.closest("#chosen") && !box.checked) {
    box.closest("label").remove();
    chosenChanged(chosen);
  }
});

// Enter in the search box searches; it must not save a half-filled form.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.target instanceof HTMLElement)) return;
  if (event.target.id !== "who-q") return;
  event.preventDefault();
  if (window.htmx) window.htmx.trigger(event.target, "search");
});

// The "More" menu (a <details>) closes on a tap outside it or on Escape.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details.nav-more[open]")) {
    if (!menu.contains(event.target)) menu.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const menu of document.querySelectorAll("details.nav-more[open]")) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

// A form shown again with errors: bring the first field that needs a fix into view, above
// the sticky save bar, and put the cursor in it.
function showFirstError() {
  // A field marked with its error, or a group of fields (a fieldset) holding an error.
  const field = document.querySelector(".has-error, fieldset:has(> .form-errors)");
  if (!field) return;
  const details = field.closest("details");
  if (details) details.open = true;
  field.scrollIntoView({ block: "center" });
  const input = field.querySelector("input:not([type=hidden]), select, textarea");
  if (input) input.focus({ preventScroll: true });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", showFirstError);
} else {
  showFirstError();
}
// Drafts (templates/goodwill/web/_draft.html): copy buttons show only where the clipboard
// works; without JavaScript the text can still be selected, or opened in the mail app.
function showCopyButtons(root) {
  if (!navigator.clipboard) return;
  for (const button of root.querySelectorAll("[data-copy]")) button.hidden = false;
}

document.addEventListener("click", (event) => {
  if (!(event.target instanceof Element)) return;
  const button = event.target.closest("[data-copy]");
  if (button) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    navigator.clipboard.writeText(source.value).then(() => {
      button.textContent = "Copied";
    });
    return;
  }
  // "Write the email" opens the mail app with the words as the user edited them.
  const link = event.target.closest("a[data-mailto-to]");
  if (!link) return;
  const subject = document.getElementById(link.dataset.subject);
  const body = document.getElementById(link.dataset.body);
  const query = [];
  if (subject) query.push("subject=" + encodeURIComponent(subject.value));
  if (body) query.push("body=" + encodeURIComponent(body.value));
  link.href = "mailto:" + link.dataset.mailtoTo + "?" + query.join("&");
});

document.addEventListener("htmx:load", (event) => showCopyButtons(event.target));
showCopyButtons(document);
