/* papercat: on the lineage page, highlight the papers that introduce or use a technique.
 *
 * Progressive enhancement: without this script the chart is shown as it is and
 * the selector stays hidden. No label is written here: they come from data
 * attributes set from the extension's catalog (technique_pages.lineage_filter).
 */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUp(box) {
    var figure = box.nextElementSibling;
    if (!figure) return;
    var labels = JSON.parse(box.getAttribute("data-labels") || "{}");
    var techniques = JSON.parse(box.getAttribute("data-techniques") || "[]");
    var paperNodes = Array.prototype.slice.call(figure.querySelectorAll("a.plg-node"));
    var select = element("select", { id: "technique-filter-select" });
    select.appendChild(element("option", { value: "" }, labels.none));
    techniques.forEach(function (technique, index) {
      select.appendChild(element("option", { value: String(index) }, technique[1]));
    });
    var legend = element("p", { "class": "technique-legend", hidden: "hidden" });
    legend.appendChild(element("span", { "class": "technique-swatch technique-swatch-introduces" }));
    legend.appendChild(document.createTextNode(labels.introduces + " "));
    legend.appendChild(element("span", { "class": "technique-swatch technique-swatch-uses" }));
    legend.appendChild(document.createTextNode(labels.uses));

    function highlight() {
      var technique = select.value === "" ? null : techniques[Number(select.value)];
      legend.hidden = technique === null;
      paperNodes.forEach(function (node) {
        var id = node.id.replace(/^lineage-/, "");
        var introduces = technique !== null && technique[2].indexOf(id) >= 0;
        var uses = technique !== null && technique[3].indexOf(id) >= 0;
        node.classList.toggle("plg-introduces", introduces);
        node.classList.toggle("plg-uses", uses);
        node.classList.toggle("plg-dimmed", technique !== null && !introduces && !uses);
      });
    }

    select.addEventListener("change", highlight);
    var field = element("p", { "class": "technique-filter-field" });
    field.appendChild(element("label", { "for": select.id }, labels.select));
    field.appendChild(select);
    box.appendChild(field);
    box.appendChild(legend);
    var wanted = new URLSearchParams(window.location.search).get("technique");
    techniques.forEach(function (technique, index) {
      if (technique[0] === wanted) select.value = String(index);
    });
    highlight();
    box.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("div.technique-filter"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
