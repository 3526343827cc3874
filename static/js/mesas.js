// Mesas: small behaviours without inline scripts (strict CSP).
(function () {
  "use strict";
  // Series preview: "Mover al dd-mm" fills the date input of a holiday with the suggested day.
  document.addEventListener("click", function (evento) {
    var boton = evento.target.closest(".usar-sugerida");
    if (!boton) return;
    var campo = document.getElementById(boton.dataset.objetivo);
    if (campo) {
      campo.value = boton.dataset.fecha;
      campo.classList.add("is-valid");
      // Several choices per date (same weekday before/after, next business day): one is taken.
      boton.parentElement.querySelectorAll(".usar-sugerida").forEach(function (otro) {
        otro.disabled = false;
      });
      boton.textContent = "Movida";
      boton.disabled = true;
      // A disabled button loses the focus: leave it on the moved date, so a keyboard or screen
      // reader user hears the new value and can still adjust it.
      campo.focus();
    }
  });
  // Series preview: "día 31" offers "último día del mes" instead.
  document.addEventListener("click", function (evento) {
    var boton = evento.target.closest(".usar-regla");
    if (!boton) return;
    var campo = document.getElementById(boton.dataset.objetivo);
    if (campo) {
      campo.value = boton.dataset.regla;
      campo.focus();
    }
  });
  // Calendar feed: copy the subscription URL.
  document.addEventListener("click", function (evento) {
    var boton = evento.target.closest("[data-copiar]");
    if (!boton) return;
    var campo = document.getElementById(boton.dataset.copiar);
    if (campo && navigator.clipboard) {
      navigator.clipboard.writeText(campo.value).then(function () {
        boton.textContent = "Copiada";
      });
    } else if (campo) {
      campo.select();
    }
  });
})();
