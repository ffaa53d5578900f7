/* papercat: on the search page, the language switch carries the query along. */
document.addEventListener("DOMContentLoaded", () => {
  if (!window.location.search) return;
  document.querySelectorAll("a.papercat-language-link").forEach((link) => {
    link.search = window.location.search;
  });
});
