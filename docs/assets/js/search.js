/* The site's search box, over the index that sitegen/search.py writes to search/ (its docstring
 * describes the files). Nothing is fetched until the reader opens the box; a query then fetches the
 * shards holding its tokens and the chunks holding the documents it shows, so what a search costs
 * follows its results, not the size of the site. A query typed before the index has arrived is
 * answered as soon as it arrives.
 *
 * Ranking: glossary entries first, then articles of the regulations' texts, then headings that
 * name the query, then everything else (tables, lists); within a kind, more occurrences first.
 * Results are built from text nodes: rules text is text, never markup. */
(function () {
  "use strict";

  const script = document.currentScript;
  const site = new URL(script.dataset.base.replace(/\/?$/, "/"), location.href);
  const root = new URL("search/", site);
  const TITLE_HIT = 1000;   // sitegen/search.py: each occurrence in a title adds this to a posting
  const SHOWN = 10;         // results per step (the button 显示更多结果 shows the next ones)
  const BATCH = SHOWN;      // candidates checked per round of chunk fetches (most hold the phrase)
  const KIND = { t: "术语", a: "条文", s: "章节", i: "条目" };
  const HAN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
  const WORD = /[0-9a-z]+/g;
  const BREAK = /[。；！？\n]/;
  const HINT = "输入要找的词，例如 可行性研究报告、等保、一事一议";

  const toggle = document.getElementById("__search");
  const form = document.getElementById("site-search-form");
  if (!toggle || !form) return;
  const input = form.querySelector("input");
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.getElementById("site-search-list");

  // ---- index files -------------------------------------------------------------------------

  const files = new Map();
  let manifest = null;

  function fetchJson(name, options) {
    if (!files.has(name)) {
      const request = fetch(new URL(name, root), options).then((response) => {
        if (!response.ok) throw new Error(`${name}: ${response.status}`);
        return response.json();
      });
      request.catch(() => files.delete(name));   // a failed fetch may be retried by the next query
      files.set(name, request);
    }
    return files.get(name);
  }

  function loadManifest() {
    if (!manifest) {
      manifest = fetchJson("manifest.json", { cache: "no-cache" });
      manifest.catch(() => { manifest = null; });
    }
    return manifest;
  }

  const versioned = (m, name) => fetchJson(`${name}?v=${m.version}`);

  // ---- tokens: the same as sitegen/search.py ----------------------------------------------

  const normalize = (value) => value.normalize("NFKC").toLowerCase();

  function tokens(value) {
    const out = [];
    for (const run of normalize(value).match(HAN) || []) {
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
    return out.concat(normalize(value).match(WORD) || []);
  }

  function fnv1a(token) {
    let h = 0x811c9dc5;
    for (const ch of token) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h;
  }

  // ---- query -------------------------------------------------------------------------------

  function rank(kind, inTitle) {
    if (kind === "t" && inTitle) return 0;
    if (kind === "a") return 1;
    if (kind === "t") return 2;
    return inTitle ? 3 : 4;
  }

  /** Documents holding every token, best first: [{id, rank, hits}]. */
  async function candidates(m, words) {
    const wanted = [...new Set(words.flatMap(tokens))];
    const shards = await Promise.all(wanted.map((t) => versioned(m, `t-${fnv1a(t) % m.shards}.json`)));
    let found = null;
    wanted.forEach((token, n) => {
      const posting = shards[n][token] || [];
      const here = new Map();
      for (let i = 0, id = 0; i < posting.length; i += 2) {
        id += posting[i];   // document numbers are stored as gaps
        const before = found ? found.get(id) : { title: true, hits: Infinity };
        if (before) {
          here.set(id, { title: before.title && posting[i + 1] >= TITLE_HIT,
                         hits: Math.min(before.hits, posting[i + 1] % TITLE_HIT) });
        }
      }
      found = here;
    });
    return [...found].map(([id, f]) => ({ id, rank: rank(m.kinds[id], f.title), hits: f.hits }))
      .sort((a, b) => a.rank - b.rank || b.hits - a.hits || a.id - b.id);
  }

  function chunkOf(m, id) {
    let lo = 0, hi = m.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (m.chunks[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  async function documentOf(m, id) {
    const n = chunkOf(m, id);
    const [title, page, url, text] = (await versioned(m, `d-${n}.json`))[id - m.chunks[n]];
    return { id, kind: m.kinds[id], title, page, url, text };
  }

  /** A query's state: its words, its candidates best first, how many were checked, the results. */
  async function search(query) {
    const words = normalize(query).split(/\s+/).filter(Boolean);
    if (!words.some((w) => tokens(w).length)) return null;
    const m = await loadManifest();
    return { m, words, found: await candidates(m, words), checked: 0, shown: [] };
  }

  /** Checks candidates until `count` more results hold every word as written (or none are left). */
  async function more(state, count) {
    const goal = state.shown.length + count;
    while (state.shown.length < goal && state.checked < state.found.length) {
      const batch = state.found.slice(state.checked, state.checked + BATCH);
      state.checked += batch.length;
      for (const doc of await Promise.all(batch.map((c) => documentOf(state.m, c.id)))) {
        const haystack = normalize(`${doc.title}\n${doc.text}`);
        if (state.shown.length < goal && state.words.every((w) => haystack.includes(w))) state.shown.push(doc);
      }
    }
    return state;
  }

  // ---- snippets and results ----------------------------------------------------------------

  /** The sentence of `text` holding the first word found (the first sentence if none is). */
  function sentence(text, words) {
    const plain = normalize(text).length === text.length ? text : normalize(text);
    const lower = normalize(plain);
    const found = words.map((w) => lower.indexOf(w)).filter((i) => i >= 0);
    const at = found.length ? Math.min(...found) : 0;
    let start = at, end = at;
    while (start > 0 && !BREAK.test(plain[start - 1])) start--;
    while (end < plain.length && !BREAK.test(plain[end])) end++;
    if (end < plain.length && plain[end] !== "\n") end++;
    let out = plain.slice(start, end).trim();
    if (out.length > 160) {
      const from = Math.max(0, at - start - 60);
      out = (from ? "…" : "") + out.slice(from, from + 150) + "…";
    }
    return out;
  }

  /** `value` as text nodes with each query word inside <mark>. */
  function marked(value, words) {
    const box = document.createDocumentFragment();
    const lower = normalize(value);
    let i = 0;
    while (i < value.length) {
      let next = -1, len = 0;
      for (const w of words) {
        const at = lower.indexOf(w, i);
        if (at >= 0 && (next < 0 || at < next)) { next = at; len = w.length; }
      }
      if (next < 0 || lower.length !== value.length) { box.append(value.slice(i)); break; }
      box.append(value.slice(i, next));
      const mark = document.createElement("mark");
      mark.textContent = value.slice(next, next + len);
      box.append(mark);
      i = next + len;
    }
    return box;
  }

  function item(doc, words) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(doc.url, site).href;
    link.dataset.kind = doc.kind;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    const kind = document.createElement("span");
    kind.className = "site-search__kind";
    kind.textContent = KIND[doc.kind];
    title.append(kind, " ", marked(doc.title, words));
    article.append(title);
    if (doc.page !== doc.title) {
      const page = document.createElement("p");
      page.className = "site-search__page";
      page.textContent = doc.page;
      article.append(page);
    }
    const snippet = document.createElement("p");
    snippet.className = "site-search__snippet";
    snippet.append(marked(sentence(doc.text, words), words));
    article.append(snippet);
    link.append(article);
    li.append(link);
    return li;
  }

  let asked = 0;   // queries asked so far: an answer shows only if no newer query was asked

  function show(state) {
    const n = state.shown.length;
    const complete = state.checked >= state.found.length;
    meta.textContent = n === 0 ? "没有找到符合条件的结果" : complete ? `找到 ${n} 个结果` : `已显示最相关的 ${n} 个结果`;
    const items = state.shown.map((doc) => item(doc, state.words));
    if (!complete && n) {
      const li = document.createElement("li");
      li.className = "site-search__more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "显示更多结果";
      button.addEventListener("click", () => step(state, asked));
      li.append(button);
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  /** The next results of query number `ask`, shown unless a newer query was asked meanwhile. */
  async function step(state, ask) {
    try {
      await more(state, SHOWN);
    } catch (error) {
      failed(ask, error);
      return;
    }
    if (ask === asked) show(state);
  }

  function failed(ask, error) {
    if (ask === asked) meta.textContent = "搜索索引载入失败，请检查网络后再输入一次";
    console.warn("search:", error);
  }

  async function answer() {
    const query = input.value.trim();
    const ask = ++asked;
    if (!query) { meta.textContent = HINT; list.replaceChildren(); return; }
    if (location.protocol === "file:") {
      meta.textContent = "搜索需要通过网站地址访问（从本地文件打开时不可用）";
      return;
    }
    meta.textContent = "正在搜索…";
    let state;
    try {
      state = await search(query);
    } catch (error) {
      failed(ask, error);
      return;
    }
    if (ask !== asked) return;   // a newer query is on its way
    if (!state) { meta.textContent = "请至少输入两个字"; list.replaceChildren(); return; }
    await step(state, ask);
  }

  // ---- the box -----------------------------------------------------------------------------

  /** Opens or closes the box through the theme's toggle; the change event lets the theme lock or
   * unlock the page's scrolling (on a phone the page is fixed while the box is open). */
  function shown(value) {
    if (toggle.checked === value) return;
    toggle.checked = value;
    toggle.dispatchEvent(new Event("change"));
  }

  function open() {
    shown(true);
    if (location.protocol !== "file:") loadManifest().catch(() => {});
  }

  function close() {
    shown(false);
    input.blur();
  }

  let timer = 0;
  input.addEventListener("focus", open);
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(answer, 80); });
  toggle.addEventListener("change", () => { if (toggle.checked) { open(); input.focus(); } });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => { setTimeout(answer); input.focus(); });
  list.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link) return;
    close();
    const url = new URL(link.href);
    if (url.pathname !== location.pathname || !url.hash) return;
    // On this page: go to the place once the theme has let the page scroll again (on a phone it
    // holds the page fixed while the box is open, and puts the old scroll position back after).
    event.preventDefault();
    afterUnlock(() => {
      if (location.hash !== url.hash) location.hash = url.hash;
      else document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView();
    });
  });

  function afterUnlock(go, frames = 30) {
    const locked = getComputedStyle(document.body).position === "fixed";
    requestAnimationFrame(() => (locked && frames ? afterUnlock(go, frames - 1) : requestAnimationFrame(go)));
  }

  document.addEventListener("keydown", (event) => {
    const inBox = event.target === input || list.contains(event.target);
    if (event.key === "Escape" && toggle.checked) {
      close();
    } else if (inBox && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      const stops = [input, ...list.querySelectorAll("a")];
      const here = stops.indexOf(event.target);
      stops[(here + (event.key === "ArrowDown" ? 1 : stops.length - 1)) % stops.length].focus();
      event.preventDefault();
    } else if ((event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey
               && !event.target.closest("input, textarea, select, [contenteditable]")) {
      open();
      input.focus();
      input.select();
      event.preventDefault();
    }
  });
})();
