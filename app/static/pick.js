/* hoithi: a "choose all" checkbox for a pick list (no inline scripts: CSP). A checkbox marked data-pick-all="NAME"
   checks or clears every checkbox named NAME in its form. Without this script each box is ticked by hand. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-pick-all]").forEach(function (all) {
    var boxes = all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.pickAll + '"]');
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
