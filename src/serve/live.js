// stegvis serve: reloads this page when a rebuild changed it (keeping the
// scroll position), and shows the errors of the last rebuild over the page.
// Only `stegvis serve` adds this script; `stegvis build` never does.
(() => {
  "use strict";
  const me = document.currentScript;
  const { page, hash, events } = me.dataset;
  const key = "stegvis-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  const source = new EventSource(
    events + "?page=" + encodeURIComponent(page) + "&hash=" + encodeURIComponent(hash)
  );
  source.addEventListener("reload", () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  source.addEventListener("state", (event) => show(JSON.parse(event.data)));

  function show(state) {
    let box = document.getElementById("stegvis-overlay");
    if (state.errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.id = "stegvis-overlay";
      box.setAttribute("role", "alert");
      document.body.append(box);
    }
    const title = document.createElement("h2");
    title.textContent = state.title;
    const list = document.createElement("ol");
    for (const error of state.errors) {
      const item = document.createElement("li");
      const where = document.createElement("code");
      where.textContent = error.at;
      item.append(where, " " + error.code + ": " + error.message);
      list.append(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", state.close);
    close.addEventListener("click", () => box.remove());
    box.replaceChildren(close, title, list);
  }
})();
