// Plan edit page: add and remove rows of the lines-of-action formset without reloading.
// The empty row lives in <template id="linea-vacia"> with "__prefix__" in its names.
(function () {
  "use strict";

  function renumerar(contenedor) {
    contenedor.querySelectorAll("[data-linea]").forEach(function (fila, i) {
      var numero = fila.querySelector("[data-numero]");
      if (numero) numero.textContent = String(i + 1);
    });
    var vacio = document.getElementById("sin-lineas");
    if (vacio) vacio.classList.toggle("d-none", contenedor.querySelector("[data-linea]") !== null);
  }

  function iniciar() {
    var plantilla = document.getElementById("linea-vacia");
    var contenedor = document.getElementById("lineas");
    var total = document.getElementById("id_lineas-TOTAL_FORMS");
    var boton = document.querySelector("[data-agregar-linea]");
    if (!plantilla || !contenedor || !total || !boton) return;

    boton.addEventListener("click", function () {
      var indice = parseInt(total.value, 10);
      var html = plantilla.innerHTML.replace(/__prefix__/g, String(indice));
      contenedor.insertAdjacentHTML("beforeend", html);
      total.value = String(indice + 1);
      renumerar(contenedor);
      var filas = contenedor.querySelectorAll("[data-linea]");
      var campo = filas[filas.length - 1].querySelector("input[type=text], input:not([type=hidden])");
      if (campo) campo.focus();
    });

    // A new (unsaved) row is removed by resetting it to its defaults: the formset ignores
    // unchanged extra rows, and the indexes of the others stay valid.
    contenedor.addEventListener("click", function (evento) {
      var quitar = evento.target.closest("[data-quitar-linea]");
      if (!quitar) return;
      var fila = quitar.closest("[data-linea]");
      fila.querySelectorAll("input, textarea").forEach(function (campo) {
        if (campo.type === "checkbox" || campo.type === "radio") campo.checked = campo.defaultChecked;
        else campo.value = campo.defaultValue;
      });
      fila.querySelectorAll("option").forEach(function (opcion) {
        opcion.selected = opcion.defaultSelected;
      });
      fila.hidden = true;
      fila.removeAttribute("data-linea");
      renumerar(contenedor);
      boton.focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciar);
  else iniciar();
})();
