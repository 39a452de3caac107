/* stegvis default theme: what pages do with JavaScript. Each part enhances
   markup that works without it: a step is a linkable list item with a
   checkbox, a lightbox image is a link to the large image, the language
   switcher is a list of links. Nothing here loads anything from anywhere. */
(() => {
  "use strict";

  // One polite live region for short confirmations ("Link copied"). It is in
  // the page before anything is said: screen readers announce changes to a
  // region they already know, not a region that appears with its text.
  let region = null;
  const announce = (text) => {
    if (!region || !text) return;
    region.textContent = "";
    requestAnimationFrame(() => {
      region.textContent = text;
    });
  };

  // Ticked steps are kept per page (its path), as a list of step ids. Storage
  // can be missing or full (private windows, settings): ticking then still
  // works, it is just not remembered.
  const key = "stegvis:steps:" + location.pathname;
  const load = () => {
    try {
      const ids = JSON.parse(localStorage.getItem(key) || "[]");
      return new Set(Array.isArray(ids) ? ids : []);
    } catch {
      return new Set();
    }
  };
  const save = (ids) => {
    try {
      if (ids.size) localStorage.setItem(key, JSON.stringify([...ids]));
      else localStorage.removeItem(key);
    } catch {
      /* not remembered; see above */
    }
  };

  // Clipboard API first (secure contexts), the older copy command otherwise.
  const copy = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.append(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    if (!copied) throw new Error("copy refused");
  };

  function steps() {
    const done = load();
    for (const check of document.querySelectorAll("li.step > .step-head input.step-check")) {
      const step = check.closest("li.step");
      // The stored state wins over what the browser restored on reload.
      check.checked = done.has(step.id);
      check.addEventListener("change", () => {
        const ids = load();
        if (check.checked) ids.add(step.id);
        else ids.delete(step.id);
        save(ids);
      });
    }
    for (const button of document.querySelectorAll("li.step > .step-head > button.step-copy")) {
      const step = button.closest("li.step");
      button.hidden = false;
      button.addEventListener("click", async () => {
        const url = new URL("#" + encodeURIComponent(step.id), location.href).href;
        try {
          await copy(url);
          announce(button.dataset.copied);
          button.classList.add("copied");
          setTimeout(() => button.classList.remove("copied"), 2000);
        } catch {
          // No clipboard: the address bar shows the link to copy by hand.
          history.replaceState(null, "", url);
          keepHash();
        }
      });
    }
    for (const button of document.querySelectorAll(".procedure-meta > button.steps-clear")) {
      const list = button.parentElement.nextElementSibling;
      if (!list || !list.matches("ol.steps")) continue;
      button.hidden = false;
      button.addEventListener("click", () => {
        const ids = load();
        for (const check of list.querySelectorAll("input.step-check")) {
          check.checked = false;
          ids.delete(check.closest("li.step").id);
        }
        save(ids);
        announce(button.dataset.cleared);
      });
    }
  }

  // Step and heading ids are the same in every locale, so the other
  // language's page can open at the same place.
  function keepHash() {
    for (const link of document.querySelectorAll(".language-switcher a[hreflang]")) {
      const url = new URL(link.href);
      url.hash = location.hash;
      link.href = url.href;
    }
  }

  function lightbox() {
    const dialog = document.querySelector("dialog.lightbox-dialog");
    // Without <dialog> the links simply open the image.
    if (!dialog || typeof dialog.showModal !== "function") return;
    const name = dialog.getAttribute("aria-label") || "";
    const image = document.createElement("img");
    image.className = "lightbox-image";
    image.alt = "";
    dialog.append(image);
    let opener = null;
    for (const link of document.querySelectorAll("a.lightbox")) {
      link.addEventListener("click", (event) => {
        // A new tab or window is the reader's choice; leave it to the browser.
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        const thumbnail = link.querySelector("img");
        const alt = thumbnail ? thumbnail.alt : "";
        image.src = link.href;
        image.alt = alt;
        dialog.setAttribute("aria-label", alt || name);
        opener = link;
        dialog.showModal();
      });
    }
    // Escape, the close button and a click beside the image all close it;
    // the focus goes back to the link that opened it.
    dialog.addEventListener("click", (event) => {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", () => {
      image.removeAttribute("src");
      dialog.setAttribute("aria-label", name);
      if (opener) opener.focus();
      opener = null;
    });
  }

  function start() {
    region = document.createElement("p");
    region.className = "visually-hidden";
    region.setAttribute("role", "status");
    // Inside <main>, so that everything stays within a landmark.
    (document.getElementById("main") || document.body).append(region);
    steps();
    keepHash();
    addEventListener("hashchange", keepHash);
    lightbox();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
