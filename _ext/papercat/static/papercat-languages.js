/* The language switch on Read the Docs: link only to what the other project has.
 *
 * Read the Docs Addons fires `readthedocs-addons-data-ready` on pages that carry
 * <meta name="readthedocs-addons-api-version" content="1">, with the projects that
 * translate this one. For each language of the switch: if Read the Docs knows no
 * project for it, hide it; if that project's documentation URL is not of this
 * version, link that URL (its default version's root) instead of this page in this
 * version. Elsewhere no event comes and the links stay as built.
 */
(function () {
  "use strict";

  function languageOf(link) {
    // hreflang is "zh-CN"; Read the Docs' language codes are "zh-cn".
    return (link.getAttribute("hreflang") || "").toLowerCase();
  }

  function correctSwitch(config) {
    var version = config.versions && config.versions.current && config.versions.current.slug;
    var projects = {};
    (config.projects.translations || []).forEach(function (project) {
      if (project && project.language && project.urls) {
        projects[project.language.code.toLowerCase()] = project;
      }
    });
    document.querySelectorAll("a.papercat-language-link").forEach(function (link) {
      var language = languageOf(link);
      var project = projects[language];
      var item = link.closest("li") || link;
      if (!project || !project.urls.documentation) {
        item.hidden = true;
        return;
      }
      var root = new URL(project.urls.documentation, window.location.href);
      if (version && root.pathname.endsWith("/" + language + "/" + version + "/")) {
        return; // the other project has this version: this page in it, as built
      }
      link.href = root.href;
    });
  }

  document.addEventListener("readthedocs-addons-data-ready", function (event) {
    var config = event.detail && typeof event.detail.data === "function"
      ? event.detail.data() : null;
    if (config && config.projects) {
      correctSwitch(config);
    }
  });
})();
