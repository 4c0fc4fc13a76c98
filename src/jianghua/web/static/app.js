// jianghua web UI behaviour. Loaded from /static (the CSP forbids inline script); every page
// works without it, this only adds conveniences.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Reader: clicking an outline entry marks it and its section as current.
  const outline = document.querySelector("nav.outline");
  if (outline) {
    const mark = (hash) => {
      outline.querySelectorAll("a.current").forEach((a) => a.classList.remove("current"));
      document.querySelectorAll(".text .target").forEach((el) => el.classList.remove("target"));
      if (!hash) return;
      const link = outline.querySelector(`a[href="${CSS.escape(hash)}"]`);
      if (link) link.classList.add("current");
      const anchor = document.getElementById(hash.slice(1));
      const target = anchor && anchor.closest("p");
      if (target) target.classList.add("target");
    };
    outline.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (link) mark(link.getAttribute("href"));
    });
    if (location.hash) mark(location.hash);
  }

  // Reader: "show original" toggles the original source lines and the edits made.
  document.querySelectorAll("button[data-toggle]").forEach((button) => {
    const panel = document.getElementById(button.dataset.toggle);
    if (!panel) return;
    button.hidden = false;
    document.querySelectorAll(".noscript-link").forEach((link) => (link.hidden = true));
    button.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      button.setAttribute("aria-expanded", String(!panel.hidden));
      button.textContent = panel.hidden ? button.dataset.show : button.dataset.hide;
    });
  });

  // Results: a changed filter select submits its form.
  document.querySelectorAll("form.filters select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
