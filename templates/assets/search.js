/* The search page: runs the reader's query (`?q=`, or what they type) against
   this locale's Pagefind bundle, in the browser, and lists the results: the
   article's title, an excerpt in its language, and links to the headings and
   steps that matched. Without JavaScript the page keeps its plain message.
   Result text is only ever put in the page as text, never as HTML. */

const root = document.getElementById("search-results");
const form = document.querySelector("form.site-search");

// How many results are drawn at a time; "more" draws the next ones.
const PAGE = 10;

if (root && form) {
  main().catch(() => {
    root.querySelector(".search-status").textContent = root.dataset.failed;
  });
}

async function main() {
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-list");
  const lang = document.documentElement.lang;
  const say = (text) => {
    status.textContent = text;
  };

  const bundle = new URL(root.dataset.bundle, location.href);
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  // Result URLs are stored as the pages' links write them (with the base path).
  await pagefind.options({ baseUrl: "/", excerptLength: 24 });
  await pagefind.init();

  let current = 0;
  let more = null;

  async function run(query) {
    const search = ++current;
    list.replaceChildren();
    more?.remove();
    if (!query.trim()) {
      say(root.dataset.prompt);
      return;
    }
    say(root.dataset.loading);
    const response = await pagefind.search(query);
    // A newer query may have started while this one ran.
    if (search !== current || !response) return;
    const results = response.results;
    if (!results.length) {
      say(root.dataset.none);
      return;
    }
    const count = new Intl.NumberFormat(lang).format(results.length);
    say(root.dataset.count.replace("{count}", count));
    await draw(results, 0, search);
  }

  async function draw(results, from, search) {
    const data = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    if (search !== current) return;
    for (const result of data) list.append(item(result));
    more?.remove();
    if (from + PAGE < results.length) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "search-more";
      more.textContent = root.dataset.more;
      more.addEventListener("click", async () => {
        const first = list.children.length;
        await draw(results, from + PAGE, search);
        // The first new result takes the focus, so keyboard readers go on there.
        list.children[first]?.querySelector("a")?.focus();
      });
      root.append(more);
    }
  }

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    remember(input.value);
    run(input.value);
  });
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      remember(input.value);
      run(input.value);
    }, 250);
  });
  await run(input.value);
}

// The query goes into the address, so a search can be linked and reloaded.
function remember(query) {
  const url = new URL(location.href);
  if (query.trim()) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
}

function item(result) {
  const li = document.createElement("li");
  li.className = "search-result";
  // A stand-in shows its text in the source language.
  if (result.meta.lang) li.lang = result.meta.lang;
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = result.meta.title || result.url;
  heading.append(link);
  li.append(heading, excerpt(result.excerpt));
  // The headings and steps the words were found under (not the article's own
  // title again), in the order of the page.
  const places = result.sub_results.filter((s) => s.anchor && s.title !== result.meta.title).slice(0, 3);
  if (places.length) {
    const ul = document.createElement("ul");
    ul.className = "search-places";
    for (const place of places) {
      const entry = document.createElement("li");
      const to = document.createElement("a");
      to.href = place.url;
      to.textContent = place.title;
      entry.append(to, excerpt(place.excerpt));
      ul.append(entry);
    }
    li.append(ul);
  }
  return li;
}

// Pagefind's excerpts are escaped text with the matched words in <mark>. Only
// the marks become elements; the text between them is unescaped by a
// <textarea>, which reads character references and never elements.
const decoder = document.createElement("textarea");
function excerpt(text) {
  const p = document.createElement("p");
  p.className = "search-excerpt";
  let mark = null;
  for (const part of (text || "").split(/(<\/?mark>)/)) {
    if (part === "<mark>") {
      mark = document.createElement("mark");
      p.append(mark);
    } else if (part === "</mark>") {
      mark = null;
    } else if (part) {
      decoder.innerHTML = part;
      (mark || p).append(decoder.value);
    }
  }
  return p;
}
