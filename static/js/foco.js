// Keyboard focus across htmx swaps (every page; no inline scripts under the CSP).
// When an htmx answer replaces the element that held the focus, the focused control disappears
// and the browser drops the focus to <body>: a keyboard or screen reader user is sent back to the
// top of the page. htmx itself keeps the focus when the new content has a control with the same
// id; otherwise the focus goes to the new content, which is then read aloud.
(function () {
  "use strict";
  var teniaFoco = false;
  var alEnviar = null;
  // hx-disabled-elt disables the pressed control while the request is out, and the browser then
  // drops its focus to <body>: remember where the focus was when the request left.
  document.addEventListener("htmx:beforeRequest", function () {
    alEnviar = document.activeElement;
  });
  document.addEventListener("htmx:beforeSwap", function (evento) {
    var activo = document.activeElement;
    if (!activo || activo === document.body) activo = alEnviar;
    teniaFoco = !!(activo && activo !== document.body && evento.detail.target.contains(activo));
  });
  document.addEventListener("htmx:afterSettle", function (evento) {
    if (!teniaFoco) return;
    var activo = document.activeElement;
    if (activo && activo !== document.body && document.body.contains(activo)) {
      teniaFoco = false; // htmx kept it on a control with the same id
      return;
    }
    var nuevo = evento.target;
    if (!(nuevo instanceof HTMLElement) || !document.body.contains(nuevo)) return;
    teniaFoco = false;
    if (!nuevo.hasAttribute("tabindex")) nuevo.setAttribute("tabindex", "-1");
    nuevo.focus({ preventScroll: true });
  });
})();
