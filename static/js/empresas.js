// Red de Empleadores: add rows to Django formsets (contacts, needs, agreements) without reloading.
(function () {
  "use strict";
  function iniciar() {
    document.querySelectorAll("[data-formset]").forEach(function (grupo) {
      var prefijo = grupo.getAttribute("data-formset");
      var total = grupo.querySelector("#id_" + prefijo + "-TOTAL_FORMS");
      var maximo = grupo.querySelector("#id_" + prefijo + "-MAX_NUM_FORMS");
      var plantilla = grupo.querySelector("template[data-vacia]");
      var filas = grupo.querySelector("[data-filas]");
      var boton = grupo.querySelector("[data-agregar]");
      if (!total || !plantilla || !filas || !boton) { return; }
      boton.addEventListener("click", function () {
        var n = parseInt(total.value, 10);
        if (maximo && n >= parseInt(maximo.value, 10)) { return; }
        var html = plantilla.innerHTML.replace(/__prefix__/g, String(n));
        filas.insertAdjacentHTML("beforeend", html);
        total.value = String(n + 1);
        var nueva = filas.lastElementChild;
        var primero = nueva && nueva.querySelector("input:not([type=hidden]), select, textarea");
        if (primero) { primero.focus(); }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", iniciar);
  } else {
    iniciar();
  }
})();
