/* papercat: read a hosted PDF in the page, only where the browser shows PDFs inline.
 * Elsewhere (phones) the page keeps what it has without script: the first page
 * and an "Open the PDF" link. A frame is never added where it would stay blank. */
(function () {
  "use strict";
  function embed() {
    if (navigator.pdfViewerEnabled !== true) return;
    document.querySelectorAll(".paper-reader[data-pdf]").forEach(function (reader) {
      var frame = document.createElement("iframe");
      frame.className = "paper-reader-frame";
      frame.src = reader.getAttribute("data-pdf");
      frame.title = reader.getAttribute("data-frame-title") || "";
      frame.loading = "lazy";
      reader.insertBefore(frame, reader.firstChild);
      reader.classList.add("paper-reader-embedded");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", embed);
  } else {
    embed();
  }
})();
