// Every signed-in page (base.html; no inline scripts under the CSP): keyboard focus across htmx
// swaps, and the navbar's menus.

// Focus across htmx swaps (on the pages that load htmx, _partials/htmx.html).
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

// The navbar's «Más» and user menus (base.html): a button with aria-expanded that shows a list of
// links, the disclosure navigation of the ARIA Authoring Practices. Bootstrap's dropdown would
// need Popper, 7 KB more (gzipped) on every page that a phone on 3G waits for; Bootstrap's own
// CSS still draws the menu (.show, and data-bs-popper="static" as its navbar dropdowns set).
// Escape closes the menu and gives the focus back to its button; a click or the focus elsewhere
// closes it; the arrow keys, Home and End move between its links, as in Bootstrap's dropdown.
// Those keys stop here, at the window in the capture phase: Bootstrap's dropdown key handler
// (delegated, so registered on the document in the capture phase too) would otherwise take the
// menu (.dropdown-menu) for one of its own and fail for want of its toggle.
(function () {
  "use strict";

  function menuDe(boton) {
    return document.getElementById(boton.getAttribute("aria-controls"));
  }

  function abrir(boton, abierto) {
    boton.setAttribute("aria-expanded", abierto ? "true" : "false");
    menuDe(boton).classList.toggle("show", abierto);
  }

  // The open menus that `elemento` (clicked or focused) is not part of.
  function cerrarFuera(elemento) {
    document.querySelectorAll("[data-menu][aria-expanded=true]").forEach(function (boton) {
      if (!boton.parentElement.contains(elemento)) abrir(boton, false);
    });
  }

  // A press moves the focus before the click: the focus closes a menu only when it comes from
  // the keyboard, or the menu would close under the pointer (on phones it opens in the page's
  // flow) and the click would land on whatever moved there.
  var puntero = false;
  document.addEventListener("pointerdown", function () {
    puntero = true;
  });
  document.addEventListener("focusin", function (evento) {
    if (!puntero) cerrarFuera(evento.target);
  });

  document.addEventListener("click", function (evento) {
    puntero = false;
    cerrarFuera(evento.target);
    var boton = evento.target.closest("[data-menu]");
    if (boton) abrir(boton, boton.getAttribute("aria-expanded") !== "true");
  });

  var TECLAS = ["Escape", "ArrowDown", "ArrowUp", "Home", "End"];
  window.addEventListener(
    "keydown",
    function (evento) {
      puntero = false;
      var boton = document.querySelector("[data-menu][aria-expanded=true]");
      if (!boton || !boton.parentElement.contains(evento.target)) return;
      if (TECLAS.indexOf(evento.key) === -1) return;
      evento.stopPropagation();
      if (evento.key === "Escape") {
        abrir(boton, false);
        boton.focus();
        return;
      }
      var enlaces = Array.prototype.slice.call(menuDe(boton).querySelectorAll(".dropdown-item"));
      var i = enlaces.indexOf(document.activeElement);
      if (evento.key === "Home") i = 0;
      else if (evento.key === "End") i = enlaces.length - 1;
      else if (evento.key === "ArrowDown") i = Math.min(i + 1, enlaces.length - 1);
      else i = Math.max(i - 1, 0);
      enlaces[i].focus();
      evento.preventDefault();
    },
    true
  );
})();
