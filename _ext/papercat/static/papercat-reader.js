/* papercat: the online reader of a hosted PDF (read/<id>.html), drawn by PDF.js.
 *
 * Loaded only by reader pages, as a module; PDF.js's worker starts only when the
 * PDF is opened. Pages are drawn as they come into view (with their neighbours)
 * and dropped when far away; each has a canvas at the screen's pixel density and
 * a text layer (select, copy, find). The URL carries the page (#page=N) and the
 * last page read is remembered; #page=N&search=words (from the search page)
 * highlights the words in the pages' text layers. Every label comes from the page (data-label-*),
 * written in the site's language by the extension. */
import * as pdfjs from "./pdfjs/pdf.min.mjs";

const root = document.getElementById("reader");
const data = root.dataset;
const pagesBox = document.getElementById("reader-pages");
const status = document.getElementById("reader-status");
const pageInput = document.getElementById("reader-page");
const outline = document.getElementById("reader-outline");
const outlineToggle = document.getElementById("reader-outline-toggle");
const textLink = document.querySelector(".reader-text"); // "Full text": the text view
const storageKey = "papercat-reader:" + data.id;
const PHONE = window.matchMedia("(max-width: 50em)");
const ZOOM_STEP = 1.25;
const MAX_DESKTOP_SCALE = 1.5;

pdfjs.GlobalWorkerOptions.workerSrc = new URL("./pdfjs/pdf.worker.min.mjs", import.meta.url).href;

let pdf = null;
let baseSize = null; // the first page's size at scale 1, in CSS pixels
let zoom = null; // null: fit to width
let current = 1;
const views = []; // one per page: {box, page, drawn, task}

function label(name, values) {
  let text = data["label" + name] || "";
  for (const [key, value] of Object.entries(values || {})) {
    text = text.replace("%(" + key + ")s", String(value));
  }
  return text;
}

function pageFromHash() {
  const match = /(?:^#|&)page=(\d+)/.exec(location.hash);
  return match ? Number(match[1]) : 0;
}

/* The words to highlight: the whole phrase where a line holds it, else each word. */
function searchFromHash() {
  const match = /(?:^#|&)search=([^&]*)/.exec(location.hash);
  if (!match) return null;
  let phrase = "";
  try {
    phrase = decodeURIComponent(match[1].replace(/\+/g, " ")).trim().toLowerCase();
  } catch (error) {
    return null; // a malformed link: nothing to highlight
  }
  if (!phrase) return null;
  const words = phrase.split(/\s+/).filter((word) => word.length > 1);
  return { phrase, words };
}

let searched = searchFromHash();
// Once: the first match on the page the link opened (not on a page drawn on the way).
let matchPage = searched ? pageFromHash() : 0;

function highlight(layer) {
  if (!searched) return;
  const nodes = [];
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const holdsPhrase = nodes.some((node) => node.data.toLowerCase().includes(searched.phrase));
  const terms = holdsPhrase ? [searched.phrase] : searched.words;
  for (const node of nodes) {
    const lower = node.data.toLowerCase();
    const found = [];
    for (const term of terms) {
      for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
        found.push([at, at + term.length]);
      }
    }
    if (!found.length) continue;
    found.sort((a, b) => a[0] - b[0]);
    const parts = [];
    let end = 0;
    for (const [from, to] of found) {
      if (from < end) continue; // overlapping terms: the first wins
      parts.push(document.createTextNode(node.data.slice(end, from)));
      const mark = document.createElement("mark");
      mark.className = "reader-match";
      mark.textContent = node.data.slice(from, to);
      parts.push(mark);
      end = to;
    }
    parts.push(document.createTextNode(node.data.slice(end)));
    node.replaceWith(...parts);
  }
}

function rememberedPage() {
  try {
    return Number(localStorage.getItem(storageKey)) || 0;
  } catch (error) {
    return 0; // storage can be switched off
  }
}

function clampPage(number) {
  return Math.min(Math.max(1, Math.round(number) || 1), pdf ? pdf.numPages : 1);
}

function fitScale() {
  const width = pagesBox.clientWidth - 16;
  const scale = width / baseSize.width;
  return PHONE.matches ? scale : Math.min(scale, MAX_DESKTOP_SCALE);
}

function scale() {
  return zoom === null ? fitScale() : zoom;
}

function sizeBox(view) {
  const size = view.size || baseSize;
  const s = scale();
  view.box.style.width = Math.floor(size.width * s) + "px";
  view.box.style.height = Math.floor(size.height * s) + "px";
}

function clear(view) {
  if (view.task) view.task.cancel();
  view.task = null;
  view.drawn = 0;
  view.box.replaceChildren();
  delete view.box.dataset.rendered;
}

async function draw(view) {
  const s = scale();
  if (view.drawn === s) return;
  clear(view);
  view.drawn = s;
  const page = view.page || (view.page = await pdf.getPage(view.number));
  if (view.drawn !== s) return; // zoomed or dropped meanwhile
  const viewport = page.getViewport({ scale: s });
  view.size = { width: viewport.width / s, height: viewport.height / s };
  sizeBox(view);
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = Math.floor(viewport.width) + "px";
  canvas.style.height = Math.floor(viewport.height) + "px";
  canvas.setAttribute("aria-hidden", "true");
  const text = document.createElement("div");
  text.className = "textLayer";
  view.box.style.setProperty("--scale-factor", String(s));
  view.box.append(canvas, text);
  view.task = page.render({
    canvas,
    canvasContext: canvas.getContext("2d"),
    viewport,
    transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
  });
  try {
    await view.task.promise;
  } catch (error) {
    if (error && error.name === "RenderingCancelledException") return;
    throw error;
  }
  view.task = null;
  view.box.dataset.rendered = "true";
  const layer = new pdfjs.TextLayer({
    textContentSource: page.streamTextContent(),
    container: text,
    viewport,
  });
  await layer.render();
  highlight(text);
  const match = view.number === matchPage && text.querySelector(".reader-match");
  if (match) {
    matchPage = 0;
    match.scrollIntoView({ block: "center" });
  }
}

/* Draw what is on screen and its neighbours; drop what is far away. */
const near = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const view = views[Number(entry.target.dataset.page) - 1];
    if (entry.isIntersecting) {
      draw(view).catch(failed);
    } else if (view.drawn) {
      clear(view);
    }
  }
}, { rootMargin: "150% 0px" });

/* The page at the middle of the screen is the current one. */
function updateCurrent() {
  const middle = window.innerHeight / 2;
  let number = current;
  for (const view of views) {
    const box = view.box.getBoundingClientRect();
    if (box.top <= middle && box.bottom >= middle - 16) {
      number = view.number;
      break;
    }
  }
  setCurrent(number);
}

function setCurrent(number) {
  if (number === current && pageInput.value === String(number)) return;
  current = number;
  pageInput.value = String(number);
  history.replaceState(null, "", "#page=" + number);
  if (textLink) textLink.hash = "page-" + number; // the text view's marker of this page
  try {
    localStorage.setItem(storageKey, String(number));
  } catch (error) {
    // storage can be switched off
  }
}

function goTo(number) {
  const view = views[clampPage(number) - 1];
  if (!view) return;
  // At once, not with the theme's smooth scrolling: while it glides, the page in the middle
  // of the screen is another one, which a key pressed meanwhile would count from.
  view.box.scrollIntoView({ block: "start", behavior: "instant" });
  setCurrent(view.number);
  if (PHONE.matches) showOutline(false);
}

function rescale(newZoom) {
  const keep = current;
  zoom = newZoom;
  for (const view of views) {
    sizeBox(view);
    if (view.drawn) {
      clear(view);
      near.unobserve(view.box);
      near.observe(view.box);
    }
  }
  goTo(keep);
}

function showOutline(open, focus) {
  if (!outline) return;
  const wasOpen = outline.classList.contains("reader-outline-open");
  outline.classList.toggle("reader-outline-open", open);
  outlineToggle.setAttribute("aria-expanded", String(open));
  if (!focus || wasOpen === open) return;
  // A drawer opened from its button takes the focus, and gives it back when closed.
  (open ? outline.querySelector("a") : outlineToggle).focus();
}

function failed(error) {
  status.hidden = false;
  status.querySelector(".reader-status-text").textContent = label("Failed");
  console.warn("papercat reader:", error);
}

function bind() {
  document.getElementById("reader-previous").addEventListener("click", () => goTo(current - 1));
  document.getElementById("reader-next").addEventListener("click", () => goTo(current + 1));
  document.getElementById("reader-zoom-in").addEventListener("click",
    () => rescale(scale() * ZOOM_STEP));
  document.getElementById("reader-zoom-out").addEventListener("click",
    () => rescale(scale() / ZOOM_STEP));
  document.getElementById("reader-fit").addEventListener("click", () => rescale(null));
  pageInput.addEventListener("change", () => goTo(Number(pageInput.value)));
  if (outlineToggle) {
    outlineToggle.addEventListener("click",
      () => showOutline(outlineToggle.getAttribute("aria-expanded") !== "true", PHONE.matches));
  }
  window.addEventListener("hashchange", () => {
    const number = pageFromHash();
    const words = searchFromHash();
    if (words) {
      searched = words;
      matchPage = number;
      for (const view of views) if (view.drawn) clear(view); // drawn again, highlighted
      for (const view of views) { near.unobserve(view.box); near.observe(view.box); }
    }
    if (number) goTo(number);
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowRight" || event.key === "n") {
      goTo(current + 1);
    } else if (event.key === "ArrowLeft" || event.key === "p") {
      goTo(current - 1);
    } else if (event.key === "Escape" && PHONE.matches) {
      showOutline(false, true);
    } else {
      return;
    }
    event.preventDefault();
  });
  let pending = false;
  window.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      updateCurrent();
    });
  }, { passive: true });
  let width = pagesBox.clientWidth;
  window.addEventListener("resize", () => {
    if (zoom === null && pagesBox.clientWidth !== width) {
      width = pagesBox.clientWidth;
      rescale(null);
    }
  });
}

async function open() {
  pdf = await pdfjs.getDocument({
    url: data.pdf,
    standardFontDataUrl: new URL("./pdfjs/standard_fonts/", import.meta.url).href,
    isEvalSupported: false,
    enableXfa: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS, // not the fonts' hinting quirks
  }).promise;
  const first = await pdf.getPage(1);
  const viewport = first.getViewport({ scale: 1 });
  baseSize = { width: viewport.width, height: viewport.height };
  pageInput.max = String(pdf.numPages);
  for (let number = 1; number <= pdf.numPages; number++) {
    const box = document.createElement("div");
    box.className = "reader-page";
    box.dataset.page = String(number);
    box.id = "reader-page-" + number;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label("Page", { page: number }));
    const view = { number, box, page: number === 1 ? first : null, drawn: 0, task: null };
    views.push(view);
    sizeBox(view);
    pagesBox.append(box);
  }
  status.hidden = true;
  root.querySelector(".reader-controls").hidden = false;
  bind();
  for (const view of views) near.observe(view.box);
  goTo(pageFromHash() || rememberedPage() || 1);
  if (!PHONE.matches) showOutline(true);
}

open().catch(failed);
