// Map tiles under the places, only when the archive set MAP_TILE_URL (data-tile-url).
// Without this script (or without tiles) the page keeps its plain SVG drawing and table.
(function () {
    "use strict";
    var TILE = 256;

    function project(lat, lon, zoom) {
        var scale = TILE * Math.pow(2, zoom);
        var sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
        return {
            x: ((lon + 180) / 360) * scale,
            y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
        };
    }

    function fitZoom(bounds, width, height) {
        for (var zoom = 16; zoom > 0; zoom--) {
            var a = project(bounds[2], bounds[1], zoom);
            var b = project(bounds[0], bounds[3], zoom);
            if (b.x - a.x < width * 0.85 && b.y - a.y < height * 0.85) return zoom;
        }
        return 0;
    }

    function tileAddress(template, z, x, y) {
        return template.replace("{z}", z).replace("{x}", x).replace("{y}", y);
    }

    function draw(figure) {
        var template = figure.getAttribute("data-tile-url");
        var bounds = figure.getAttribute("data-bounds").split(",").map(Number);
        var svg = figure.querySelector("svg");
        var width = figure.clientWidth || 800;
        var height = Math.round(width * 0.6);
        var zoom = fitZoom(bounds, width, height);
        var centre = project((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, zoom);
        var left = centre.x - width / 2;
        var top = centre.y - height / 2;
        var layer = document.createElement("div");
        layer.className = "place-map__tiles";
        layer.style.height = height + "px";
        var count = Math.pow(2, zoom);
        for (var tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
            for (var ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty++) {
                if (ty < 0 || ty >= count) continue;
                var img = document.createElement("img");
                img.alt = "";
                img.loading = "lazy";
                img.src = tileAddress(template, zoom, ((tx % count) + count) % count, ty);
                img.style.left = tx * TILE - left + "px";
                img.style.top = ty * TILE - top + "px";
                layer.appendChild(img);
            }
        }
        svg.querySelectorAll("circle").forEach(function (circle) {
            var point = project(Number(circle.getAttribute("data-lat")), Number(circle.getAttribute("data-lon")), zoom);
            var link = document.createElement("a");
            var size = 2 * Number(circle.getAttribute("r"));
            link.className = "place-map__marker";
            link.href = circle.parentNode.getAttribute("href");
            link.title = circle.querySelector("title").textContent;
            link.setAttribute("aria-label", link.title);
            link.style.left = point.x - left + "px";
            link.style.top = point.y - top + "px";
            link.style.width = link.style.height = size + "px";
            layer.appendChild(link);
        });
        figure.insertBefore(layer, svg);
        figure.classList.add("place-map--tiled");
    }

    document.querySelectorAll(".place-map[data-tile-url]").forEach(draw);
})();
