/* hoithi: uploading an entry's files with a progress bar (no inline scripts: CSP). A form marked data-upload is
   sent by XMLHttpRequest; the server answers {"ok", "errors", "redirect"} in JSON. Without this script the same
   form is posted as a plain form. */
(function () {
  "use strict";

  function showErrors(form, messages) {
    var list = form.querySelector(".upload-errors");
    list.textContent = "";
    messages.forEach(function (message) {
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    });
  }

  function setUp(form) {
    var input = form.querySelector("input[type=file]");
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");

    function done(messages) {
      bar.hidden = true;
      status.textContent = "";
      button.disabled = false;
      showErrors(form, messages);
    }

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !input || !input.files.length) return;
      event.preventDefault();
      showErrors(form, []);
      var cap = parseInt(form.getAttribute("data-cap-bytes"), 10);
      if (cap && input.files[0].size > cap) {
        var file = input.files[0];
        var message = form.getAttribute("data-msg-too-large");
        var megabytes = String(Math.ceil(file.size / 1048576));
        // functions, not strings, as replacements: a file's name may hold "$&", which a string would expand
        message = message.replace("{size}", function () { return megabytes; });
        showErrors(form, [message.replace("{name}", function () { return file.name; })]);
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        bar.max = e.total;
        bar.value = e.loaded;
        status.textContent = Math.floor((e.loaded * 100) / e.total) + "%";
      });
      xhr.upload.addEventListener("load", function () {
        status.textContent = form.getAttribute("data-msg-checking");
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (body && body.ok) {
          window.location.assign(body.redirect);
          return;
        }
        done(body && body.errors ? body.errors : [form.getAttribute("data-msg-failed")]);
      });
      xhr.addEventListener("error", function () { done([form.getAttribute("data-msg-failed")]); });
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), setUp);
})();
