/* Memorial & Testimony Archive — small progressive enhancements.
 * Everything here is optional: without JavaScript the same content is reachable
 * through plain links and <details> elements.
 *   1. Content-warning gates: focus moves to the content once the reader continues,
 *      and a link straight into gated content still shows the warning first.
 *   2. Transcript and player: timecodes seek and play, the transcript follows playback
 *      (unless the reader is scrolling or turned it off), ?t= / #t-N open at a moment.
 *   3. Photograph lightbox in a modal <dialog>.
 *   4. Name suggestions under search boxes (an ARIA combobox; Enter still searches).
 *   5. Candles: the form posts in the background and the count updates in place.
 */
(function () {
    "use strict";

    /* 1. Content-warning gates ------------------------------------------------------ */
    function hashTarget() {
        if (!location.hash || location.hash.length < 2) return null;
        try {
            return document.getElementById(decodeURIComponent(location.hash.slice(1)));
        } catch (e) {
            return null;
        }
    }

    // A ?t= link points at the moment the page marked as current (or the transcript).
    function momentTarget(gate) {
        if (!/[?&]t=\d/.test(location.search)) return null;
        return gate.querySelector("[data-transcript] [aria-current='true']") || gate.querySelector("[data-transcript]");
    }

    function setUpGate(gate) {
        var summary = gate.querySelector("summary");
        var confirmed = false; // the reader chose to continue (click, Enter or Space)
        var warned = false;
        var pending = null; // a linked target inside the gate, shown after the reader continues
        var initial = hashTarget() || momentTarget(gate);
        if (initial && gate.contains(initial) && initial !== summary) pending = initial;

        summary.addEventListener("click", function () { confirmed = true; });
        gate.addEventListener("toggle", function () {
            if (!gate.open) return;
            if (!confirmed) {
                // Opened by the browser (a #fragment link or find-in-page), not by the reader.
                if (pending && !warned) {
                    warned = true;
                    gate.open = false;
                    summary.scrollIntoView({ block: "center" });
                    summary.focus();
                }
                return;
            }
            var target = pending || gate.querySelector("[tabindex='-1']");
            pending = null;
            if (target) {
                if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
                target.focus({ preventScroll: true });
                target.scrollIntoView({ block: "start" });
            }
        });
        if (pending) {
            if (gate.open) {
                warned = true;
                gate.open = false; // opened by the browser before this script ran
            }
            summary.scrollIntoView({ block: "center" });
        }
    }

    /* 2. Transcript and player ------------------------------------------------------ */
    // After the reader scrolls, the transcript stops following playback for this long.
    var READER_SCROLL_PAUSE_MS = 5000;
    var SCROLL_KEYS = /^(ArrowUp|ArrowDown|PageUp|PageDown|Home|End| )$/;

    // A moment's id is t-<seconds>; the second and later passages starting in the same
    // second are t-<seconds>-2, t-<seconds>-3, …
    var MOMENT_ID = /^#(t-(\d{1,7})(?:-\d{1,5})?)$/;

    function requestedSecond() {
        var match = /[?&]t=(\d{1,7})(?:&|$)/.exec(location.search) || MOMENT_ID.exec(location.hash);
        return match ? parseInt(match[match.length - 1], 10) : null;
    }

    function setUpTranscript(transcript) {
        var player = document.querySelector("[data-player]");
        if (!player) return; // without a player, timecode links simply open the page at that moment
        var lines = Array.prototype.map.call(transcript.querySelectorAll("li[data-start]"), function (el) {
            var end = el.getAttribute("data-end");
            return { el: el, start: parseInt(el.getAttribute("data-start"), 10), end: end === null ? null : parseInt(end, 10) };
        }).sort(function (a, b) { return a.start - b.start; });
        if (!lines.length) return;

        var current = null;
        var following = true;
        var readerScrolledAt = 0;
        var reducedMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
        var toggle = document.querySelector("[data-follow-toggle]");

        function lineAt(seconds) {
            var found = null;
            for (var i = 0; i < lines.length && lines[i].start <= seconds; i++) found = lines[i];
            // Past the known end of a passage is a gap in the transcript.
            if (found && found.end !== null && seconds >= found.end + 1) return null;
            return found;
        }

        // The passage the address's fragment names, when it is one of this second's.
        function lineNamed(hash) {
            var match = MOMENT_ID.exec(hash);
            if (!match) return null;
            for (var i = 0; i < lines.length; i++) if (lines[i].el.id === match[1]) return lines[i];
            return null;
        }

        function mark(line) {
            if (line === current) return;
            transcript.querySelectorAll("[aria-current='true']").forEach(function (el) {
                el.removeAttribute("aria-current");
                el.classList.remove("is-current");
            });
            if (line) {
                line.el.setAttribute("aria-current", "true");
                line.el.classList.add("is-current");
            }
            current = line;
        }

        function onScreen(el) {
            var box = el.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight);
        }

        function reveal(line) {
            if (!line || !following || Date.now() - readerScrolledAt < READER_SCROLL_PAUSE_MS) return;
            if (onScreen(line.el) || !line.el.getClientRects().length) return; // on screen, or inside a closed gate
            line.el.scrollIntoView({
                block: "center",
                behavior: reducedMotion && reducedMotion.matches ? "auto" : "smooth"
            });
        }

        function seek(seconds, play) {
            try {
                player.currentTime = seconds; // before metadata, this sets where playback will start
            } catch (e) {
                player.addEventListener("loadedmetadata", function () { player.currentTime = seconds; }, { once: true });
            }
            if (play) {
                var playing = player.play();
                if (playing && playing.catch) playing.catch(function () {});
            }
        }

        function rememberMoment(line) {
            if (!window.history || !history.replaceState || !window.URL) return;
            var url = new URL(location.href);
            url.searchParams.set("t", String(line.start));
            url.hash = line.el.id;
            history.replaceState(history.state, "", url.toString());
        }

        function readerScrolled() { readerScrolledAt = Date.now(); }
        window.addEventListener("wheel", readerScrolled, { passive: true });
        window.addEventListener("touchmove", readerScrolled, { passive: true });
        window.addEventListener("keydown", function (event) {
            var field = event.target.closest && event.target.closest("input, textarea, select, audio, video");
            if (!field && SCROLL_KEYS.test(event.key)) readerScrolled();
        });

        lines.forEach(function (line) {
            var link = line.el.querySelector("[data-seek]");
            if (!link) return;
            link.addEventListener("click", function (event) {
                // Let a new tab or window open the moment's own address.
                if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                mark(line);
                seek(line.start, true);
                rememberMoment(line);
            });
        });

        // Follow only once the reader plays: a recording shorter than the link's moment
        // must not move the mark the page was opened at.
        var started = false;
        player.addEventListener("play", function () { started = true; });
        player.addEventListener("timeupdate", function () {
            if (!started) return;
            var line = lineAt(player.currentTime);
            if (line === current) return;
            mark(line);
            reveal(line);
        });

        if (toggle) {
            toggle.hidden = false;
            toggle.addEventListener("click", function () {
                following = !following;
                toggle.setAttribute("aria-pressed", following ? "true" : "false");
                if (following) {
                    readerScrolledAt = 0;
                    reveal(current);
                }
            });
        }

        // Opened at a moment (?t= or #t-…): be ready to play from there, but do not play.
        var start = requestedSecond();
        if (start !== null) {
            seek(start, false);
            var named = lineNamed(location.hash);
            mark(named && named.start === start ? named : lineAt(start));
        }
    }

    /* Visible words come translated from the page (data-text-* on <body>, see base.html);
       the English here is only a fallback. "{name}" placeholders are filled in. */
    function text(key, fallback, values) {
        var value = (document.body && document.body.dataset[key]) || fallback;
        Object.keys(values || {}).forEach(function (name) {
            value = value.split("{" + name + "}").join(String(values[name]));
        });
        return value;
    }

    function escapeHtml(value) {
        var span = document.createElement("span");
        span.textContent = value;
        return span.innerHTML;
    }

    /* 3. Lightbox -------------------------------------------------------------------- */
    var FOCUSABLE = "a[href], button:not([disabled]), [tabindex]:not([tabindex='-1'])";

    function buildDialog() {
        var dialog = document.createElement("dialog");
        dialog.className = "lightbox";
        dialog.setAttribute("aria-labelledby", "lightbox-title");
        dialog.setAttribute("aria-describedby", "lightbox-caption");
        dialog.innerHTML =
            '<div class="lightbox__bar">' +
            '<h2 class="lightbox__position" id="lightbox-title"></h2>' +
            '<div class="lightbox__nav">' +
            '<button type="button" data-action="prev"><span aria-hidden="true">‹ </span>' + escapeHtml(text("textPrevious", "Previous")) + '<span class="visually-hidden"> ' + escapeHtml(text("textPreviousPhotograph", "photograph")) + "</span></button>" +
            '<button type="button" data-action="next">' + escapeHtml(text("textNext", "Next")) + '<span class="visually-hidden"> ' + escapeHtml(text("textNextPhotograph", "photograph")) + '</span><span aria-hidden="true"> ›</span></button>' +
            "</div>" +
            '<button type="button" data-action="close">' + escapeHtml(text("textClose", "Close")) + '<span class="visually-hidden"> ' + escapeHtml(text("textPhotoViewer", "photograph viewer")) + "</span></button>" +
            "</div>" +
            '<figure class="lightbox__figure"><img alt="">' +
            '<figcaption class="lightbox__caption" id="lightbox-caption"></figcaption></figure>' +
            '<p class="visually-hidden" aria-live="polite" data-status></p>';
        document.body.appendChild(dialog);
        return dialog;
    }

    function setUpLightbox() {
        var sets = document.querySelectorAll("[data-lightbox]");
        if (!sets.length || typeof HTMLDialogElement !== "function") return;

        var dialog = null;
        var items = [];
        var index = 0;
        var trigger = null;
        var parts = {};

        function show(newIndex, announce) {
            index = (newIndex + items.length) % items.length;
            var link = items[index];
            var thumb = link.querySelector("img");
            var alt = thumb ? thumb.getAttribute("alt") || "" : "";
            var position = text("textPhotoPosition", "Photograph {number} of {total}", {
                number: index + 1,
                total: items.length
            });

            parts.img.classList.add("is-loading");
            parts.img.onload = function () { parts.img.classList.remove("is-loading"); };
            if (link.dataset.width && link.dataset.height) {
                parts.img.setAttribute("width", link.dataset.width);
                parts.img.setAttribute("height", link.dataset.height);
            }
            parts.img.setAttribute("alt", alt);
            parts.img.setAttribute("src", link.getAttribute("href"));

            parts.title.textContent = position;
            parts.caption.textContent = "";
            var figure = link.closest("figure");
            var source = figure && figure.querySelector("[data-lightbox-caption]");
            if (source) {
                Array.prototype.forEach.call(source.childNodes, function (node) {
                    parts.caption.appendChild(node.cloneNode(true));
                });
            }
            parts.nav.hidden = items.length < 2;
            if (announce) parts.status.textContent = position + ". " + alt;
        }

        function open(setItems, startIndex, from) {
            if (!dialog) init();
            items = setItems;
            trigger = from;
            parts.status.textContent = "";
            show(startIndex, false);
            dialog.showModal();
            parts.close.focus();
        }

        function init() {
            dialog = buildDialog();
            parts = {
                img: dialog.querySelector("img"),
                title: dialog.querySelector("#lightbox-title"),
                caption: dialog.querySelector("#lightbox-caption"),
                nav: dialog.querySelector(".lightbox__nav"),
                close: dialog.querySelector("[data-action='close']"),
                status: dialog.querySelector("[data-status]")
            };
            dialog.addEventListener("click", function (event) {
                var button = event.target.closest("button[data-action]");
                if (button) {
                    var action = button.getAttribute("data-action");
                    if (action === "close") dialog.close();
                    else show(index + (action === "next" ? 1 : -1), true);
                } else if (event.target === dialog) {
                    dialog.close(); // a click on the backdrop
                }
            });
            dialog.addEventListener("keydown", function (event) {
                if (event.altKey || event.ctrlKey || event.metaKey) return;
                if (event.key === "ArrowRight" && items.length > 1) {
                    event.preventDefault();
                    show(index + 1, true);
                } else if (event.key === "ArrowLeft" && items.length > 1) {
                    event.preventDefault();
                    show(index - 1, true);
                } else if (event.key === "Tab") {
                    // Keep focus inside the dialog (showModal alone lets it reach the browser UI).
                    var focusable = Array.prototype.filter.call(
                        dialog.querySelectorAll(FOCUSABLE),
                        function (el) { return el.offsetParent !== null; }
                    );
                    if (!focusable.length) return;
                    var first = focusable[0];
                    var last = focusable[focusable.length - 1];
                    if (event.shiftKey && document.activeElement === first) {
                        event.preventDefault();
                        last.focus();
                    } else if (!event.shiftKey && document.activeElement === last) {
                        event.preventDefault();
                        first.focus();
                    }
                }
                // Escape is handled by the <dialog> itself and ends in the "close" event.
            });
            dialog.addEventListener("close", function () {
                parts.img.removeAttribute("src");
                // Return to the thumbnail of the photograph last shown (where the reader now is).
                var back = items[index] && document.contains(items[index]) ? items[index] : trigger;
                if (back) back.focus();
                trigger = null;
            });
        }

        sets.forEach(function (set) {
            var links = Array.prototype.slice.call(set.querySelectorAll("a[data-lightbox-item]"));
            links.forEach(function (link, i) {
                link.setAttribute("aria-haspopup", "dialog");
                link.addEventListener("click", function (event) {
                    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
                    event.preventDefault();
                    open(links, i, link);
                });
            });
        });
    }

    /* 4. Name suggestions ------------------------------------------------------------ */
    function setUpSuggestions(input) {
        var url = input.getAttribute("data-suggest-url");
        var list = document.createElement("ul");
        var status = document.createElement("p");
        var options = [];
        var active = -1;
        var timer = null;
        var latest = 0;

        list.id = input.id + "-suggestions";
        list.className = "suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", text("textSuggestionsLabel", "Names in the archive"));
        list.hidden = true;
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-expanded", "false");
        input.parentNode.classList.add("has-suggestions");
        input.parentNode.appendChild(list);
        input.parentNode.appendChild(status);

        function close() {
            list.hidden = true;
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(next) {
            if (!options.length) return;
            active = (next + options.length) % options.length;
            options.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === active ? "true" : "false");
            });
            input.setAttribute("aria-activedescendant", options[active].id);
            options[active].scrollIntoView({ block: "nearest" });
        }

        function show(results) {
            list.textContent = "";
            options = results.map(function (result, i) {
                var option = document.createElement("li");
                var name = document.createElement("span");
                var dates = document.createElement("span");
                option.id = list.id + "-" + i;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.setAttribute("data-url", result.url);
                name.className = "suggestions__name";
                name.setAttribute("dir", "auto");
                name.textContent = result.name;
                dates.className = "suggestions__dates";
                dates.textContent = result.dates;
                option.appendChild(name);
                option.appendChild(dates);
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault(); // keep focus in the box until we navigate
                    window.location.href = result.url;
                });
                list.appendChild(option);
                return option;
            });
            active = -1;
            list.hidden = !options.length;
            input.setAttribute("aria-expanded", options.length ? "true" : "false");
            status.textContent = options.length
                ? text("textSuggested", "Names suggested: {count}. Use the arrow keys to choose.", {
                      count: options.length
                  })
                : "";
        }

        function fetchSuggestions() {
            var text = input.value.trim();
            var ticket = ++latest;
            if (text.length < 2) { show([]); return; }
            fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (data) { if (ticket === latest) show(data.results || []); })
                .catch(function () { show([]); });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, 150);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown") {
                if (list.hidden && options.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
                event.preventDefault();
                highlight(active + 1);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active - 1);
            } else if (event.key === "Escape") {
                if (!list.hidden) { event.preventDefault(); close(); }
            } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
                event.preventDefault();
                window.location.href = options[active].getAttribute("data-url");
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 100); });
    }

    /* 5. Candles -------------------------------------------------------------------- */
    // Without this the form is an ordinary POST that redirects back with ?candle=lit.
    function setUpCandle(form) {
        var count = form.querySelector("[data-candle-count]");
        var section = form.closest(".candles");
        var status = section && section.querySelector("[data-candle-status]");
        var button = form.querySelector("button[type='submit']");
        var name = (section && section.getAttribute("data-entry-title")) || "this person";
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { Accept: "application/json" },
                credentials: "same-origin"
            })
                .then(function (response) {
                    if (!response.ok) throw new Error("status " + response.status);
                    return response.json();
                })
                .then(function (data) {
                    count.textContent = candleCount(section, data.count);
                    if (status) {
                        status.textContent = data.lit
                            ? section.getAttribute("data-text-lit") || "You lit a candle for " + name + "."
                            : section.getAttribute("data-text-already") ||
                              "You already lit a candle for " + name + " today.";
                    }
                    button.disabled = false;
                })
                .catch(function () { form.submit(); }); // fall back to the plain form post
        });
    }

    /* "N candles lit" in the page's language: the page gives one sentence per plural
       category (data-candle-one, -few, -many, -other, each with a sample number), and the
       number is swapped in. */
    function candleCount(section, number) {
        var category = "other";
        try {
            category = new Intl.PluralRules(document.documentElement.lang || "en").select(number);
        } catch (error) { /* an old browser: "other" */ }
        var sample = section && (section.getAttribute("data-candle-" + category) ||
            section.getAttribute("data-candle-other"));
        if (!sample) return number + (number === 1 ? " candle lit" : " candles lit");
        return sample.replace(/\d+/, String(number));
    }

    function ready() {
        document.querySelectorAll("[data-warning-gate]").forEach(setUpGate);
        document.querySelectorAll("[data-transcript]").forEach(setUpTranscript);
        setUpLightbox();
        if (window.fetch) document.querySelectorAll("input[data-suggest-url]").forEach(setUpSuggestions);
        if (window.fetch && window.FormData) document.querySelectorAll("form[data-candle-form]").forEach(setUpCandle);
    }

    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
    else ready();
})();
