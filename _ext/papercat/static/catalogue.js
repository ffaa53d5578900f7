/* papercat: filter and sort the catalogue, copy citations.
 *
 * Progressive enhancement: without this script every listing is the complete
 * list, newest first. No label is written here: each comes from a data
 * attribute that the extension set from its message catalog, in the page's
 * language (see render/catalogue_filter.py for the filter's, render/directives.py
 * for the copy buttons', and render/htmldata.py).
 */
(function () {
  "use strict";

  var counter = 0;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function labelled(labelText, control) {
    var label = element("label", { "for": control.id }, labelText);
    var field = element("span", { "class": "paper-filter-field" });
    field.appendChild(label);
    field.appendChild(control);
    return field;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function setUpFilter(box) {
    var listing = box.parentNode;
    var labels = JSON.parse(box.getAttribute("data-labels") || "{}");
    var tags = JSON.parse(box.getAttribute("data-tags") || "[]");
    var cards = Array.prototype.slice.call(listing.querySelectorAll("li.paper-card"));
    var groups = Array.prototype.slice.call(listing.querySelectorAll("ul.paper-list-entries"));
    var prefix = "paper-filter-" + (++counter) + "-";

    var form = element("form", { "class": "paper-filter-form", role: "search",
                                 "aria-label": labels.filter });
    var search = element("input", { type: "search", id: prefix + "search",
                                    placeholder: labels.search_placeholder,
                                    autocomplete: "off" });
    var tagSelect = element("select", { id: prefix + "tag" });
    tagSelect.appendChild(element("option", { value: "" }, labels.all_tags));
    tags.forEach(function (tag) {
      tagSelect.appendChild(element("option", { value: tag[0] }, tag[1]));
    });
    var sortSelect = element("select", { id: prefix + "sort" });
    sortSelect.appendChild(element("option", { value: "newest" }, labels.newest));
    sortSelect.appendChild(element("option", { value: "oldest" }, labels.oldest));
    form.appendChild(labelled(labels.search, search));
    form.appendChild(labelled(labels.tag, tagSelect));
    form.appendChild(labelled(labels.sort, sortSelect));
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var status = element("p", { "class": "paper-filter-status", "aria-live": "polite" });
    // A disclosure: folded on narrow screens, so the papers come first; open on wide ones.
    var details = element("details", { "class": "paper-filter-details" });
    details.appendChild(element("summary", { "class": "paper-filter-toggle" }, labels.filter));
    details.appendChild(form);
    box.appendChild(details);
    box.appendChild(status);

    // The first listing of a page keeps its state in the URL, so a filtered view can be shared.
    var inUrl = counter === 1 && window.URLSearchParams && window.history.replaceState;
    if (inUrl) {
      var params = new URLSearchParams(window.location.search);
      search.value = params.get("q") || "";
      if (tags.some(function (tag) { return tag[0] === params.get("tag"); })) {
        tagSelect.value = params.get("tag");
      }
      if (params.get("sort") === "oldest") sortSelect.value = "oldest";
    }
    var narrow = window.matchMedia && window.matchMedia("(max-width: 46em)").matches;
    var filtered = search.value || tagSelect.value || sortSelect.value === "oldest";
    details.open = !narrow || Boolean(filtered);

    function byDate(newestFirst) {
      return function (a, b) {
        var left = a.getAttribute("data-date") + a.id, right = b.getAttribute("data-date") + b.id;
        var order = left < right ? -1 : left > right ? 1 : 0;
        return newestFirst ? -order : order;
      };
    }

    function sortCards(newestFirst) {
      var compare = byDate(newestFirst);
      groups.forEach(function (group) {
        Array.prototype.slice.call(group.children).sort(compare).forEach(function (card) {
          group.appendChild(card);
        });
      });
      groups.slice().sort(function (a, b) {
        return compare(a.firstElementChild, b.firstElementChild);
      }).forEach(function (group) {
        var heading = group.previousElementSibling;
        if (heading && heading.classList.contains("paper-list-year")) listing.appendChild(heading);
        listing.appendChild(group);
      });
    }

    function apply() {
      var words = search.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var tag = tagSelect.value;
      var shown = 0;
      cards.forEach(function (card) {
        var text = card.getAttribute("data-text") || "";
        var cardTags = " " + (card.getAttribute("data-tags") || "") + " ";
        var match = (!tag || cardTags.indexOf(" " + tag + " ") >= 0) &&
          words.every(function (word) { return text.indexOf(word) >= 0; });
        card.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        var empty = !group.querySelector("li.paper-card:not([hidden])");
        group.hidden = empty;
        var heading = group.previousElementSibling;
        if (heading && heading.classList.contains("paper-list-year")) heading.hidden = empty;
      });
      sortCards(sortSelect.value !== "oldest");
      status.textContent = shown ? format(labels.count, { shown: shown, total: cards.length })
                                 : labels.none;
      if (inUrl) {
        var params = new URLSearchParams(window.location.search);
        [["q", search.value.trim()], ["tag", tag],
         ["sort", sortSelect.value === "oldest" ? "oldest" : ""]].forEach(function (pair) {
          if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname +
                                    (query ? "?" + query : "") + window.location.hash);
      }
    }

    search.addEventListener("input", apply);
    tagSelect.addEventListener("change", apply);
    sortSelect.addEventListener("change", apply);
    box.hidden = false;
    apply();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // http:// pages have no clipboard API: copy through a selected, off-screen textarea.
    return new Promise(function (resolve, reject) {
      var area = element("textarea", { readonly: "", "class": "paper-copy-buffer" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addCopyButton(box, target, host) {
    var copyLabel = box.getAttribute("data-copy-label");
    var copiedLabel = box.getAttribute("data-copied-label");
    var button = element("button", { type: "button", "class": "paper-copy-button" }, copyLabel);
    button.addEventListener("click", function () {
      copyText(target.textContent.trim()).then(function () {
        button.textContent = copiedLabel;
        window.setTimeout(function () { button.textContent = copyLabel; }, 2000);
      }, function () { /* the text stays selectable by hand */ });
    });
    host.appendChild(button);
  }

  function setUpCitations(box) {
    var bibtex = box.querySelector("pre");
    if (bibtex) addCopyButton(box, bibtex, bibtex.parentNode);
    var plain = box.querySelector(".paper-cite-plain-text");
    if (plain) addCopyButton(box, plain, plain.parentNode);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".paper-filter[data-labels]"),
                                 setUpFilter);
    Array.prototype.forEach.call(document.querySelectorAll(".paper-citation[data-copy-label]"),
                                 setUpCitations);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
