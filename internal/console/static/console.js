// talaan review console: page geometry and zoom, field highlights, form
// checks and keyboard shortcuts. Plain JavaScript, no dependency; the pages
// work without it (the server checks everything again).
(function () {
  "use strict";

  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  function typing(el) {
    if (!el || !el.tagName) return false;
    var t = el.tagName.toLowerCase();
    return t === "input" || t === "select" || t === "textarea" || el.isContentEditable;
  }

  // ---- pages: proportions, rotation, zoom ----------------------------------
  var pages = $("#pages");

  function layoutPages() {
    $$(".page.has-geometry").forEach(function (fig) {
      var w = parseFloat(fig.dataset.w), h = parseFloat(fig.dataset.h), rot = parseInt(fig.dataset.rot || "0", 10);
      if (!(w > 0 && h > 0)) return;
      var sheet = $(".sheet", fig), img = $("img", sheet);
      sheet.style.aspectRatio = w + " / " + h;
      if (rot === 90 || rot === 270) {
        // The picture is the page before it was turned: its width is the
        // upright page's height.
        img.style.width = (h / w * 100) + "%";
        img.style.height = (w / h * 100) + "%";
      } else {
        img.style.width = "100%";
        img.style.height = "100%";
      }
      img.style.transform = "translate(-50%, -50%) rotate(" + rot + "deg)";
    });
  }

  var zooms = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4];
  var zoom = 1;

  function setZoom(z) {
    if (!pages) return;
    var oldH = pages.scrollHeight, oldW = pages.scrollWidth;
    var cy = (pages.scrollTop + pages.clientHeight / 2) / oldH;
    var cx = (pages.scrollLeft + pages.clientWidth / 2) / oldW;
    zoom = z;
    pages.style.setProperty("--zoom", String(z));
    var out = $("#zoom-level");
    if (out) out.textContent = Math.round(z * 100) + "%";
    pages.scrollTop = cy * pages.scrollHeight - pages.clientHeight / 2;
    pages.scrollLeft = cx * pages.scrollWidth - pages.clientWidth / 2;
  }

  function zoomStep(dir) {
    var i = zooms.indexOf(zoom);
    if (i < 0) i = 3;
    setZoom(zooms[Math.max(0, Math.min(zooms.length - 1, i + dir))]);
  }

  // ---- field highlight -----------------------------------------------------
  function highlight(field) {
    $$(".field.active").forEach(function (f) { f.classList.remove("active"); });
    $$(".page .hl").forEach(function (h) { h.hidden = true; });
    if (!field) return;
    field.classList.add("active");
    var n = field.dataset.page;
    if (!n || !pages) return;
    var fig = document.getElementById("page-" + n);
    if (!fig) return;
    var hl = $(".hl", fig);
    var pad = 0.4;
    var x = parseFloat(field.dataset.x), y = parseFloat(field.dataset.y);
    var w = parseFloat(field.dataset.w), h = parseFloat(field.dataset.h);
    hl.style.left = Math.max(0, x - pad) + "%";
    hl.style.top = Math.max(0, y - pad) + "%";
    hl.style.width = (w + 2 * pad) + "%";
    hl.style.height = (h + 2 * pad) + "%";
    hl.hidden = false;
    var box = hl.getBoundingClientRect(), view = pages.getBoundingClientRect();
    var dy = box.top - view.top - view.height / 2 + box.height / 2;
    var dx = box.left - view.left - view.width / 2 + box.width / 2;
    pages.scrollBy({ top: dy, left: dx, behavior: "smooth" });
  }

  $$(".field").forEach(function (field) {
    var input = $("input, select", field);
    if (input) input.addEventListener("focus", function () { highlight(field); });
    field.addEventListener("click", function (e) {
      if (e.target.classList.contains("show-box")) e.preventDefault();
      highlight(field);
    });
  });

  // ---- checks (the same rules as the server) --------------------------------
  var rules = {
    date: function (v) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return "Must be a date YYYY-MM-DD, e.g. 2026-11-15.";
      var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
        return "Must be a date YYYY-MM-DD, e.g. 2026-11-15.";
      }
      return "";
    },
    amount: function (v) {
      return /^[0-9][0-9,]*(\.[0-9]{1,2})?$/.test(v) ? "" : "Must be an amount of 0 or more with at most 2 decimals, e.g. 10500.00.";
    },
    currency: function (v) {
      return /^[A-Z]{3}$/.test(v) ? "" : "Must be a 3-letter currency code in capitals, e.g. PHP.";
    },
    frequency: function () { return ""; },
    text: function () { return ""; }
  };

  function amount(name) {
    var el = document.getElementById("f-" + name);
    if (!el || el.value.trim() === "") return null;
    var n = parseFloat(el.value.replace(/,/g, ""));
    return isNaN(n) ? null : n;
  }

  function message(el) {
    var v = el.value.trim();
    if (v === "") {
      if (el.defaultValue && el.tagName.toLowerCase() === "input") return "Cannot be emptied: give the value the document shows.";
      if (el.required) return "Is required: the document's value could not be read, so give it.";
      return "";
    }
    if (el.maxLength > 0 && v.length > el.maxLength) return "Must be at most " + el.maxLength + " characters.";
    var rule = rules[el.dataset.kind] || rules.text;
    var msg = rule(v);
    if (msg) return msg;
    if (el.name === "netAmount") {
      var net = amount("netAmount"), gross = amount("grossAmount");
      if (net !== null && gross !== null && net > gross) return "Must not be more than the gross pay.";
    }
    if (el.name === "endDate") {
      var start = document.getElementById("f-startDate");
      if (start && rules.date(start.value.trim()) === "" && v < start.value.trim()) return "Must not be before the period start.";
    }
    return "";
  }

  function check(el) {
    var msg = message(el);
    var field = el.closest(".field");
    var out = document.getElementById("e-" + el.name);
    el.setCustomValidity(msg);
    if (msg) el.setAttribute("aria-invalid", "true"); else el.removeAttribute("aria-invalid");
    if (field) field.classList.toggle("invalid", !!msg);
    if (out) out.textContent = msg;
    return !msg;
  }

  var form = $("#review-form");
  if (form) {
    $$("input[data-kind], select[data-kind]", form).forEach(function (el) {
      el.addEventListener("input", function () {
        if (el.dataset.kind === "currency") {
          var p = el.selectionStart;
          el.value = el.value.toUpperCase();
          if (p !== null) el.setSelectionRange(p, p);
        }
        // Say nothing while typing, but clear an error as soon as it is fixed.
        if (el.closest(".field").classList.contains("invalid")) check(el);
      });
      el.addEventListener("blur", function () { check(el); });
      el.addEventListener("keydown", function (e) {
        if (e.key === "Escape") { el.blur(); e.preventDefault(); }
      });
    });
    form.addEventListener("submit", function (e) {
      if (submitting()) { e.preventDefault(); return; }
      var first = null;
      $$("input[data-kind], select[data-kind]", form).forEach(function (el) {
        if (!el.disabled && !check(el) && !first) first = el;
      });
      if (first) {
        e.preventDefault();
        first.focus();
        return;
      }
      busy();
    });
  }

  var rejectForm = $("#reject-form");
  if (rejectForm) {
    rejectForm.addEventListener("submit", function (e) {
      if (submitting()) { e.preventDefault(); return; }
      if (!window.confirm("Reject this document as not a payslip or tax record? The lender is told it failed.")) {
        e.preventDefault();
        return;
      }
      busy();
    });
  }

  // busy stops a second submission while the first is on its way.
  function busy() {
    $$(".actions button, .actions .button").forEach(function (b) {
      b.setAttribute("aria-disabled", "true");
      b.classList.add("busy");
    });
    document.documentElement.classList.add("submitting");
  }

  function submitting() { return document.documentElement.classList.contains("submitting"); }

  // ---- keyboard ----------------------------------------------------------------
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key === "Enter") {
      if (form && $("#publish") && !submitting()) {
        e.preventDefault();
        form.requestSubmit($("#publish"));
      }
      return;
    }
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
      var go = null;
      switch (e.code) {
        case "KeyR":
          if (rejectForm && !submitting()) { e.preventDefault(); rejectForm.requestSubmit(); }
          return;
        case "KeyS": go = $("#skip"); break;
        case "KeyQ": go = { href: "/console/" }; break;
        case "KeyO": go = $("#open-first"); break;
      }
      if (go && !submitting()) { e.preventDefault(); window.location.assign(go.href); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !pages) return;
    if (e.key === "+" || e.key === "=") { zoomStep(1); e.preventDefault(); }
    else if (e.key === "-") { zoomStep(-1); e.preventDefault(); }
    else if (e.key === "0") { setZoom(1); e.preventDefault(); }
  });

  var zi = $("#zoom-in"), zo = $("#zoom-out"), zf = $("#zoom-fit");
  if (zi) zi.addEventListener("click", function () { zoomStep(1); });
  if (zo) zo.addEventListener("click", function () { zoomStep(-1); });
  if (zf) zf.addEventListener("click", function () { setZoom(1); });

  layoutPages();

  // Start on the first field that needs a look (or the first field).
  if (form && !$("#publish")) return;
  if (form) {
    var start = $(".field.invalid input, .field.invalid select") || $(".field.missing input, .field.missing select") ||
      $(".field.low input, .field.low select") || $(".field input, .field select");
    if (start) start.focus({ preventScroll: true });
  }
})();
