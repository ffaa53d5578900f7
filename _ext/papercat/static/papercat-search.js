/* papercat: the search page, on the site's Pagefind index (site/search_index.py).
 *
 * One query finds the site's pages and the pages of every hosted paper. Results are
 * grouped per paper: its own page first, then at most three passages (page number and
 * a snippet with the terms marked), the rest behind "More in this paper". A passage
 * opens the reader at its page with the terms highlighted (#page=N&search=...).
 * A technique named in one form (多头潜在注意力, MLA, Multi-head Latent Attention) is
 * also searched in its other forms, from the glossary the page carries. Only the
 * fragments of the results shown are fetched; a fragment holds a few pages of a PDF.
 * The index is a base and an overlay of what changed since (site/search_bundles.py),
 * merged here. Labels come from the page (data-label-*). */

const root = document.getElementById("papercat-search");
const data = root.dataset;
const form = root.querySelector("form");
const input = document.getElementById("papercat-search-query");
const status = document.getElementById("papercat-search-status");
const list = document.getElementById("papercat-search-results");
const glossary = JSON.parse(document.getElementById("papercat-search-glossary").textContent);
const siteRoot = new URL(data.root, location.href);
const BATCH = 6; // fragments fetched at once
const MIN_LOADED = 6; // fragments per query, at least (the passages of the papers found)
const MAX_LOADED = 12; // fragments per query, at most (about 5 kB each)
const WANTED_GROUPS = 6; // stop fetching once this many papers or pages are found
const WANTED_PASSAGE_RECORDS = 3; // ... and this many records of passages (pages rank higher)
const SHOWN_PASSAGES = 3;
const MORE_RECORDS = 4; // fragments fetched for "More in this paper"

let pagefind = null;
let current = null; // the query shown: {query, hits, loaded, groups}
const moreResults = document.createElement("button");
moreResults.type = "button";
moreResults.className = "papercat-search-more-results";
moreResults.textContent = data.labelMoreResults;
moreResults.hidden = true;
moreResults.addEventListener("click", () => current && showMore(current));
list.after(moreResults);

function label(name, values) {
  let text = data["label" + name] || "";
  for (const [key, value] of Object.entries(values || {})) {
    text = text.replace("%(" + key + ")s", String(value));
  }
  return text;
}

let replaced = new Set(); // units of the base that the overlay replaced

async function load() {
  if (!pagefind) {
    const base = new URL(data.pagefind, location.href);
    const loaded = await import(base.href);
    // URLs as indexed (from the output root); no worker: one file less to fetch.
    await loaded.options({ baseUrl: "/", excerptLength: 24, noWorker: true });
    // The overlay of what changed since the base was written (search_bundles.py); a
    // merged bundle uses the base's WebAssembly, so it costs its index files only.
    const recent = await fetch(new URL("papercat-recent.json", base))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
    if (recent.recent) {
      await loaded.mergeIndex(new URL(recent.recent, siteRoot).href, { baseUrl: "/" });
    }
    replaced = new Set(recent.replaced || []);
    pagefind = loaded;
  }
  return pagefind;
}

/* A result of the base whose unit changed since: the overlay has it as it is now. */
function isCurrent(fragment) {
  const meta = fragment.meta || {};
  return meta.recent === "1" || !replaced.has(meta.unit);
}

function siteUrl(url) {
  return new URL(url.replace(/^\//, ""), siteRoot).href;
}

/* Where ``name`` stands in ``text`` as a whole word (any place for Chinese), else -1. */
function findName(text, name) {
  const wordChar = (c) => c !== undefined && /[\p{L}\p{N}]/u.test(c) && !/\p{Script=Han}/u.test(c);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (!wordChar(text[at - 1]) && !wordChar(text[at + name.length])) return at;
  }
  return -1;
}

/* The query, then the query with a technique's name replaced by its other names. */
function variants(query) {
  const found = [query];
  const lower = query.toLowerCase();
  for (const names of glossary) {
    for (const name of names) {
      const at = findName(lower, name.toLowerCase());
      if (at < 0) continue;
      for (const other of names) {
        const variant = query.slice(0, at) + other + query.slice(at + name.length);
        if (!found.includes(variant)) found.push(variant);
      }
      break;
    }
  }
  return found;
}

/* Pagefind's excerpt as nodes: its text, and its <mark>s; nothing else of the papers' text
 * becomes markup. */
function excerpt(html) {
  const parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
  const box = document.createElement("p");
  box.className = "papercat-search-excerpt";
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      box.append(mark);
    } else {
      box.append(document.createTextNode(node.textContent));
    }
  }
  return box;
}

function link(text, href) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function passageItem(passage) {
  const item = document.createElement("li");
  const href = siteUrl(passage.href)
    + (passage.href.includes("#page=") ? "&search=" + encodeURIComponent(passage.query) : "");
  const snippet = excerpt(passage.excerpt);
  snippet.lang = passage.lang; // the paper's own text, in its language
  item.append(link(label("Page", { page: passage.page }), href), snippet);
  return item;
}

/* A record holds a few pages of a PDF, each under an anchor "page-N": its passages are
 * the pages where the words were found, the ones with the most hits first. */
function passagesOf(fragment, query) {
  const meta = fragment.meta;
  return (fragment.sub_results || [])
    .map((sub) => ({ sub, match: /^page-(\d+)$/.exec((sub.anchor && sub.anchor.id) || "") }))
    .filter(({ match }) => match)
    .sort((a, b) => (b.sub.locations || []).length - (a.sub.locations || []).length)
    .map(({ sub, match }) => ({
      // The reader's "#page=N" (it marks the words), or the text view's marker "#page-N".
      page: Number(match[1]), href: meta.href + (meta.anchor || "#page=") + match[1],
      excerpt: sub.excerpt,
      lang: meta.lang || "", query,
    }));
}

function addHit(groups, hit) {
  if (!isCurrent(hit.data)) return;
  const meta = hit.data.meta || {};
  const passage = meta.kind === "passage";
  const key = passage ? meta.paper : hit.data.url.split("#")[0];
  let group = groups.get(key);
  if (!group) {
    group = { key, title: meta.title || key, page: null, passages: [], query: hit.query };
    groups.set(key, group);
  }
  if (passage) {
    group.paper = (hit.data.filters.paper || [])[0];
    group.passages.push(...passagesOf(hit.data, hit.query));
  } else {
    group.page = hit;
    group.title = meta.title || group.title;
  }
}

async function morePassages(group, passagesList, button) {
  button.disabled = true;
  const search = await pagefind.search(group.query, { filters: { paper: group.paper } });
  const shown = new Set(group.passages.slice(0, SHOWN_PASSAGES).map((p) => p.href));
  const loaded = await Promise.all(
    search.results.slice(0, MORE_RECORDS).map((result) => result.data()));
  const rest = loaded.filter(isCurrent)
    .flatMap((fragment) => passagesOf(fragment, group.query))
    .filter((p) => !shown.has(p.href));
  for (const passage of rest) passagesList.append(passageItem(passage));
  button.remove();
  const next = passagesList.children[SHOWN_PASSAGES];
  if (next) next.querySelector("a").focus();
}

function groupItem(group) {
  const item = document.createElement("li");
  item.className = "papercat-search-group";
  const heading = document.createElement("h2");
  heading.append(link(group.title, siteUrl(group.key)));
  item.append(heading);
  if (group.page) item.append(excerpt(group.page.data.excerpt));
  if (group.passages.length) {
    const passages = document.createElement("ul");
    passages.className = "papercat-search-passages";
    passages.setAttribute("aria-label", label("Passages") + ": " + group.title);
    for (const hit of group.passages.slice(0, SHOWN_PASSAGES)) passages.append(passageItem(hit));
    item.append(passages);
    if (group.passages.length > SHOWN_PASSAGES && group.paper) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "papercat-search-more";
      button.textContent = label("More");
      button.addEventListener("click", () => morePassages(group, passages, button));
      item.append(button);
    }
  }
  return item;
}

async function run(query) {
  list.replaceChildren();
  moreResults.hidden = true;
  current = null;
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = label("Searching");
  try {
    await load();
  } catch (error) {
    status.textContent = label("Failed");
    console.warn("papercat search:", error);
    return;
  }
  const queries = variants(query);
  const searches = await Promise.all(queries.map((q) => pagefind.search(q)));
  // Each result once, with the best score any form of the query gave it.
  const best = new Map();
  searches.forEach((search, i) => {
    for (const result of (search && search.results) || []) {
      const known = best.get(result.id);
      if (!known || known.result.score < result.score) {
        best.set(result.id, { result, query: queries[i] });
      }
    }
  });
  const hits = [...best.values()].sort((a, b) => b.result.score - a.result.score);
  current = { query, hits, loaded: 0, passageRecords: 0, groups: new Map() };
  await showMore(current);
}

/* Fetch the next results' fragments until WANTED_GROUPS more papers or pages are found, and
 * some passages for them: the site's pages outrank the papers' pages on a technique's name. */
async function showMore(state) {
  const { hits, groups } = state;
  const wanted = groups.size + WANTED_GROUPS;
  const limit = state.loaded + MAX_LOADED;
  const before = groups.size;
  const least = state.loaded + MIN_LOADED;
  const passages = state.passageRecords + WANTED_PASSAGE_RECORDS;
  while (state.loaded < hits.length && state.loaded < limit
         && (groups.size < wanted || state.loaded < least || state.passageRecords < passages)) {
    const batch = hits.slice(state.loaded, state.loaded + BATCH);
    state.loaded += batch.length;
    const fragments = await Promise.all(batch.map((hit) => hit.result.data()));
    batch.forEach((hit, i) => addHit(groups, { ...hit, data: fragments[i] }));
    state.passageRecords += fragments.filter((f) => (f.meta || {}).kind === "passage").length;
  }
  if (state !== current) return; // a newer query
  status.textContent = label(groups.size ? "Results" : "None", { query: state.query });
  list.replaceChildren(...[...groups.values()].map(groupItem));
  moreResults.hidden = state.loaded >= hits.length;
  const first = list.children[before];
  if (before && first) first.querySelector("a").focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  history.pushState(null, "", url);
  run(query);
});

window.addEventListener("popstate", () => {
  input.value = new URLSearchParams(location.search).get("q") || "";
  run(input.value.trim());
});

input.value = new URLSearchParams(location.search).get("q") || "";
run(input.value.trim());
