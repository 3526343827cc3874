// Convenio form: add and remove obligation rows of the formset without reloading.
// The empty row lives in <template id="fila-vacia"> with "__prefix__" in its names.
(function () {
  "use strict";

  function renumerar(contenedor) {
    contenedor.querySelectorAll("[data-fila]").forEach(function (fila, i) {
      var numero = fila.querySelector("[data-numero]");
      if (numero) numero.textContent = String(i + 1);
    });
  }

  function iniciar() {
    var plantilla = document.getElementById("fila-vacia");
    var contenedor = document.getElementById("filas");
    var total = document.getElementById("id_obligaciones-TOTAL_FORMS");
    var boton = document.querySelector("[data-agregar-fila]");
    if (!plantilla || !contenedor || !total || !boton) return;

    boton.addEventListener("click", function () {
      var indice = parseInt(total.value, 10);
      var html = plantilla.innerHTML.replace(/__prefix__/g, String(indice));
      contenedor.insertAdjacentHTML("beforeend", html);
      total.value = String(indice + 1);
      renumerar(contenedor);
      var filas = contenedor.querySelectorAll("[data-fila]");
      var campo = filas[filas.length - 1].querySelector("select, textarea");
      if (campo) campo.focus();
    });

    // A new (unsaved) row is removed by resetting it to its defaults: the formset ignores
    // unchanged extra rows, and the indexes of the others stay valid.
    contenedor.addEventListener("click", function (evento) {
      var quitar = evento.target.closest("[data-quitar-fila]");
      if (!quitar) return;
      var fila = quitar.closest("[data-fila]");
      fila.querySelectorAll("input, textarea").forEach(function (campo) {
        if (campo.type === "checkbox" || campo.type === "radio") campo.checked = campo.defaultChecked;
        else campo.value = campo.defaultValue;
      });
      fila.querySelectorAll("option").forEach(function (opcion) {
        opcion.selected = opcion.defaultSelected;
      });
      fila.hidden = true;
      fila.removeAttribute("data-fila");
      renumerar(contenedor);
      boton.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
