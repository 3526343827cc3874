// Django formsets whose rows are added and removed without reloading (convenio obligations,
// plan lines of action, company contacts and needs, visit follow-up agreements).
//
// Markup, inside one element per formset:
//   <div data-formset="PREFIX">            the formset's prefix; holds its management form
//     <div data-filas>…rows…</div>         each row has data-fila
//     <p data-sin-filas>…</p>              optional: shown while there are no rows
//     <template data-vacia>…</template>    formset.empty_form, with "__prefix__" in its names
//     <button type="button" data-agregar>  adds a row (up to MAX_NUM_FORMS)
//   Inside a row: [data-numero] shows its position; [data-quitar] removes an unsaved row.
(function () {
  "use strict";

  function iniciar(grupo) {
    var prefijo = grupo.getAttribute("data-formset");
    var total = grupo.querySelector("#id_" + prefijo + "-TOTAL_FORMS");
    var maximo = grupo.querySelector("#id_" + prefijo + "-MAX_NUM_FORMS");
    var plantilla = grupo.querySelector("template[data-vacia]");
    var filas = grupo.querySelector("[data-filas]");
    var boton = grupo.querySelector("[data-agregar]");
    var sinFilas = grupo.querySelector("[data-sin-filas]");
    if (!total || !plantilla || !filas || !boton) return;

    function renumerar() {
      var visibles = filas.querySelectorAll("[data-fila]");
      visibles.forEach(function (fila, i) {
        var numero = fila.querySelector("[data-numero]");
        if (numero) numero.textContent = String(i + 1);
      });
      if (sinFilas) sinFilas.classList.toggle("d-none", visibles.length > 0);
    }

    boton.addEventListener("click", function () {
      var n = parseInt(total.value, 10);
      if (maximo && n >= parseInt(maximo.value, 10)) return;
      filas.insertAdjacentHTML("beforeend", plantilla.innerHTML.replace(/__prefix__/g, String(n)));
      total.value = String(n + 1);
      renumerar();
      var nuevas = filas.querySelectorAll("[data-fila]");
      var campo = nuevas[nuevas.length - 1].querySelector(
        "input:not([type=hidden]):not([type=checkbox]), select, textarea"
      );
      if (campo) campo.focus();
    });

    // An unsaved row is removed by resetting it to its defaults and hiding it: the formset
    // ignores unchanged extra rows, and the indexes of the others stay valid.
    filas.addEventListener("click", function (evento) {
      var quitar = evento.target.closest("[data-quitar]");
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
      renumerar();
      boton.focus();
    });
  }

  function iniciarTodos() {
    document.querySelectorAll("[data-formset]").forEach(iniciar);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", iniciarTodos);
  else iniciarTodos();
})();
