/* hoithi: the contestant's editor and the live status of submissions (no inline scripts: CSP). */
(function () {
  "use strict";

  var editor = null;

  function setUpEditor() {
    var area = document.getElementById("source");
    var language = document.getElementById("language");
    var file = document.getElementById("file");
    var form = document.getElementById("submit-form");
    if (!area || !language || !form || typeof CodeMirror === "undefined") return;
    // each language's mode and extensions, from the server's one list of languages
    var MODES = JSON.parse(form.getAttribute("data-modes") || "{}");
    var EXTENSIONS = JSON.parse(form.getAttribute("data-extensions") || "{}");
    editor = CodeMirror.fromTextArea(area, { lineNumbers: true, indentUnit: 4, mode: MODES[language.value] });
    language.addEventListener("change", function () { editor.setOption("mode", MODES[language.value]); });
    if (file) {
      file.addEventListener("change", function () {
        var name = file.files.length ? file.files[0].name : "";
        var key = EXTENSIONS[name.split(".").pop().toLowerCase()];
        if (key && language.querySelector('option[value="' + key + '"]')) {
          language.value = key;
          editor.setOption("mode", MODES[key]);
        }
      });
    }
  }

  var labels = {};

  function label(view) {
    if (view.final) return labels[view.verdict] ? view.verdict + " · " + labels[view.verdict] : (labels[view.status] || view.status);
    if (view.status === "running") return (labels.running || "{k}/{n}").replace("{k}", view.done).replace("{n}", view.total);
    return labels[view.status] || view.status;
  }

  // a score as the page writes it (number_text): the page's language, at most the four places a score keeps
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 4 });
  function num(v) { return v === undefined || v === null ? v : numbers.format(v); }

  function cell(text) { var td = document.createElement("td"); td.textContent = text === undefined || text === null ? "" : text; return td; }

  function fillDetail(root, view) {
    var output = document.getElementById("compile-output");
    if (output && view.compile_output) { output.textContent = view.compile_output; output.hidden = false; }
    var table = document.getElementById("tests");
    if (table && view.tests.length) {
      var body = table.querySelector("tbody");
      body.textContent = "";
      view.tests.forEach(function (t) {
        var tr = document.createElement("tr");
        [t.position, t.name, t.verdict, t.time_ms, t.memory_kb, num(t.score)].forEach(function (v) { tr.appendChild(cell(v)); });
        body.appendChild(tr);
      });
      table.hidden = false;
    }
  }

  function watch(root) {
    var url = root.getAttribute("data-status-url");
    var started = Date.now();
    // when the server says (later the longer the queue), else every second while graded and 3 s while it waits;
    // after a minute of watching, 5 s at the least
    function delay(view) {
      var ms = typeof view.next_poll_ms === "number" ? view.next_poll_ms : view.status === "queued" ? 3000 : 1000;
      return Date.now() - started >= 60000 ? Math.max(ms, 5000) : ms;
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (view) {
          var status = root.querySelector(".live-status");
          var score = root.querySelector(".live-score");
          if (status) status.textContent = label(view);
          if (score && view.score !== null) score.textContent = view.max_score !== null && root.id === "live" ? num(view.score) + " / " + num(view.max_score) : num(view.score);
          if (root.id === "live") fillDetail(root, view);
          if (view.final) { root.setAttribute("data-final", "true"); } else { setTimeout(poll, delay(view)); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    poll();
  }

  // The scoreboard fetches its table again every few seconds, only while the tab is shown: a hidden tab stops
  // asking and refreshes as soon as it is shown again.
  function refreshScoreboard(box) {
    var url = box.getAttribute("data-refresh-url");
    var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 10;
    var timer = null;
    function schedule() {
      clearTimeout(timer);
      timer = document.visibilityState === "hidden" ? null : setTimeout(refresh, seconds * 1000);
    }
    function refresh() {
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { box.innerHTML = html; box.setAttribute("data-refreshed", String(Date.now())); })
        .catch(function () { /* keep the board shown; try again at the next tick */ })
        .then(schedule);
    }
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { clearTimeout(timer); timer = null; } else { refresh(); }
    });
    schedule();
  }

  // A test run: the "Run" button sends the problem's form to its own address with fetch, so that nothing typed is
  // lost, then polls the run until it ends and shows its output, time and memory.
  function setUpTestRuns() {
    var form = document.getElementById("submit-form");
    var button = document.getElementById("run-button");
    var box = document.getElementById("test-run");
    var data = document.getElementById("test-run-labels");
    if (!form || !button || !box || !data) return;
    var words = {};
    try { words = JSON.parse(data.textContent); } catch (e) { words = {}; }
    var timer = null;
    var current = null;  // the run shown: an answer about an earlier one is dropped
    function el(id) { return document.getElementById(id); }
    function show(id, on) { var node = el(id); if (node) node.hidden = !on; }
    function render(view) {
      box.hidden = false;
      show("test-run-error", false);
      var status = box.querySelector(".run-status");
      status.textContent = view.final ? (words[view.outcome] || view.outcome) : (view.status === "queued" ? words.queued : words.running);
      var measures = [];
      if (view.final && view.time_ms !== null) {
        measures.push(words.time + ": " + view.time_ms + " ms", words.memory + ": " + view.memory_kb + " KiB");
        if (view.exit_code !== null) measures.push(words.exit_code + ": " + view.exit_code);
        if (view.signal !== null) measures.push(words.signal + ": " + view.signal);
      }
      el("run-measures").textContent = measures.join(" · ");
      show("run-measures", measures.length > 0);
      el("run-compile-output").textContent = view.compile_output || "";
      show("run-compile-output", !!view.compile_output);
      el("run-output").textContent = view.output || "";
      show("run-output-box", view.final && view.outcome !== "CE" && view.outcome !== "JE");
      show("run-truncated", !!view.output_truncated);
      el("run-stderr").textContent = view.stderr || "";
      show("run-stderr-box", !!view.stderr);
      box.setAttribute("data-run-final", view.final ? "true" : "false");
    }
    function poll(url) {
      clearTimeout(timer);
      current = url;
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (view) {
          if (url !== current) return;
          render(view);
          if (!view.final) timer = setTimeout(function () { poll(url); }, view.status === "queued" ? 1500 : 700);
        })
        .catch(function () { if (url === current) timer = setTimeout(function () { poll(url); }, 3000); });
    }
    function refuse(message) {
      box.hidden = false;
      var error = el("test-run-error");
      error.textContent = message || words.failed;
      error.hidden = false;
    }
    form.addEventListener("submit", function (event) {
      if (event.submitter !== button) return;
      event.preventDefault();
      if (editor) editor.save();
      button.disabled = true;
      fetch(button.getAttribute("formaction"), {
        method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (r) {
          return r.json().then(function (body) { return { ok: r.ok, body: body }; }, function () { return { ok: false, body: {} }; });
        })
        .then(function (answer) {
          if (!answer.ok) { refuse(answer.body.message); return; }
          box.setAttribute("data-run-url", answer.body.status_url);
          render({ status: "queued", final: false, output: "", stderr: "", compile_output: "", time_ms: null });
          poll(answer.body.status_url);
        })
        .catch(function () { refuse(null); })
        .then(function () { button.disabled = false; });
    });
    if (box.getAttribute("data-run-final") === "false") poll(box.getAttribute("data-run-url"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var board = document.getElementById("scoreboard-live");
    if (board) refreshScoreboard(board);
    var data = document.getElementById("status-labels");
    if (data) { try { labels = JSON.parse(data.textContent); } catch (e) { labels = {}; } }
    setUpEditor();
    setUpTestRuns();
    document.querySelectorAll('[data-status-url][data-final="false"]').forEach(watch);
    document.querySelectorAll('[data-status-url][data-final="true"] .live-status').forEach(function (el) {
      if (labels[el.textContent.trim()]) el.textContent = el.textContent.trim() + " · " + labels[el.textContent.trim()];
    });
  });
})();
