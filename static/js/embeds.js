/* Embedded players keep their own shape (width to height) under the archive's content
 * security policy, which refuses style attributes written into the page: the shape comes
 * as data-aspect-padding (e.g. "56.2500%") and is set here through the CSSOM, which the
 * policy allows. Without JavaScript, static/css/embeds.css gives a 16:9 shape.
 */
(function () {
    "use strict";

    var PERCENT = /^\d{1,3}(\.\d+)?%$/;

    function shape() {
        document.querySelectorAll(".responsive-object[data-aspect-padding]").forEach(function (el) {
            var padding = el.getAttribute("data-aspect-padding");
            if (PERCENT.test(padding)) el.style.paddingBottom = padding;
        });
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", shape);
    else shape();
})();
