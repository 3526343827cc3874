// Proposes the last closed period of the kind chosen, unless the user already typed another one.
document.addEventListener("DOMContentLoaded", () => {
  const tipo = document.querySelector("#form-informe [name=tipo]");
  const periodo = document.querySelector("#form-informe [name=periodo]");
  if (!tipo || !periodo) return;
  tipo.addEventListener("change", () => {
    const propuestos = [periodo.dataset.mensual, periodo.dataset.semestral];
    if (periodo.value === "" || propuestos.includes(periodo.value)) {
      periodo.value = periodo.dataset[tipo.value] || "";
      periodo.placeholder = tipo.value === "semestral" ? "2026-S1" : "2026-10";
    }
  });
});
