// jianghua web UI behaviour. Loaded from /static (the CSP forbids inline script); every page
// works without it, this only adds conveniences.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Facets and the reader's outline are <details>: open beside the text on a wide screen,
  // folded on a phone (the outline a drawer behind its button, the facets after one line).
  const wide = window.matchMedia("(min-width: 801px)");
  const panels = document.querySelectorAll("details[data-open-wide]");
  const fit = () => panels.forEach((d) => (d.open = wide.matches));
  fit();
  wide.addEventListener("change", fit);
  const drawer = document.getElementById("outline-drawer");
  if (drawer) {
    drawer.addEventListener("click", (event) => {
      if (!wide.matches && event.target.closest("a[href^='#']")) drawer.open = false;
    });
  }

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
