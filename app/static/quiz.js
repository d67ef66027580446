/* hoithi: the theory test. Each ticked answer is posted at once (with the page's CSRF token); an answer that
   could not be sent is kept and sent again until the server takes or refuses it, one request per question at a
   time, the latest ticks winning. The clock counts down from the server's end time; at zero the sheet is
   handed in once every answer not yet saved is (the server takes them for a grace after the end), or after
   HAND_IN_WAIT_MS at most (the server closes it anyway). No inline scripts: CSP. */
(function () {
  "use strict";

  function setUpSheet() {
    var sheet = document.getElementById("quiz-sheet");
    if (!sheet) return;
    var url = sheet.getAttribute("data-answer-url");
    var token = sheet.querySelector('input[name="csrf_token"]').value;
    var lost = document.getElementById("quiz-connection");
    var wanted = {}, busy = {}, unsaved = {}, closed = false;
    var HAND_IN_WAIT_MS = 10000;  // within the server's grace (sheets.GRACE_SECONDS)

    function status(fieldset, text, isError) {
      var el = fieldset.querySelector(".quiz-status");
      el.textContent = text;
      el.classList.toggle("error", !!isError);
    }

    function send(question) {
      if (busy[question] || closed) return;
      var fieldset = sheet.querySelector('fieldset[data-question="' + question + '"]');
      var options = wanted[question];
      busy[question] = true;
      var body = new FormData();
      body.append("csrf_token", token);
      body.append("question", question);
      options.forEach(function (o) { body.append("option", o); });
      status(fieldset, sheet.getAttribute("data-saving"));
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          // a refused token is answered by the site's error page, not JSON: say to reload
          return response.json().catch(function () { return { error: sheet.getAttribute("data-reload") }; })
            .then(function (data) { return { ok: response.ok, code: response.status, data: data }; });
        })
        .then(function (answer) {
          busy[question] = false;
          lost.hidden = true;
          if (answer.ok) {
            if (wanted[question] !== options) { send(question); return; }
            delete unsaved[question];
            status(fieldset, sheet.getAttribute("data-saved"));
          } else {
            delete unsaved[question];
            status(fieldset, answer.data.error || "", true);
            if (answer.code === 409) { closed = true; window.location.reload(); }
          }
        })
        .catch(function () {
          busy[question] = false;
          lost.hidden = false;
          status(fieldset, sheet.getAttribute("data-retrying"), true);
          setTimeout(function () { send(question); }, 2000);
        });
    }

    sheet.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset[data-question]");
      if (!fieldset) return;
      var question = fieldset.getAttribute("data-question");
      wanted[question] = Array.prototype.map.call(
        fieldset.querySelectorAll("input:checked"), function (input) { return input.value; });
      unsaved[question] = true;
      send(question);
    });

    var submit = document.getElementById("quiz-submit");
    submit.addEventListener("submit", function (event) {
      if (!window.confirm(submit.getAttribute("data-confirm"))) event.preventDefault();
    });

    var timer = document.getElementById("quiz-timer");
    var clock = document.getElementById("quiz-clock");
    var ends = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      clock.textContent = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (left > 0) { setTimeout(tick, 1000); return; }
      handIn(0);
    }
    function handIn(waited) {
      // an answer ticked in the last seconds (or kept while the connection was lost) is sent first
      if (Object.keys(unsaved).length > 0 && waited < HAND_IN_WAIT_MS) {
        setTimeout(function () { handIn(waited + 250); }, 250);
        return;
      }
      closed = true;
      HTMLFormElement.prototype.submit.call(submit);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSheet();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
