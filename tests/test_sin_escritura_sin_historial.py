"""No write skips the history (issue 13): the services never write with `QuerySet.update()`,
`bulk_update()` or `update_or_create()` (they skip `save()`, so django-simple-history, the lock
version and the cache's data version never hear of the change), except in the cases listed
here, each with its reason; and even those may only touch fields the model's history leaves
out (or models without history), which is checked against the models themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

RAIZ = Path(__file__).resolve().parent.parent
APPS = ("nucleo", "omil", "convenios", "empresas", "mesas", "informes")
METODOS = {"update", "bulk_update", "update_or_create"}

# (file, function) -> (model written, why a queryset update is right there)
PERMITIDOS = {
    ("empresas/services/visitas.py", "invitaciones_recordar"): (
        "empresas.InvitacionVisita",
        "beat's reminder marks each invitation once, claimed under skip_locked; recordada_at "
        "is bookkeeping kept out of the history",
    ),
    ("mesas/services/invitaciones.py", "invitaciones_enviar"): (
        "mesas.Asistencia",
        "the outbox's e-mail job records when the invitation left; invitacion_enviada_at is "
        "bookkeeping kept out of the history",
    ),
    ("mesas/services/invitaciones.py", "recordatorio_enviar"): (
        "mesas.Asistencia",
        "claim-once of the 48-hour reminder (the UPDATE's row count decides who sends it)",
    ),
    ("mesas/services/invitaciones.py", "recordatorio_minuta_enviar"): (
        "mesas.Sesion",
        "claim-once of the minute reminder; not an edit, so no version bump or history record",
    ),
    ("mesas/services/sesiones.py", "_nueva_ronda"): (
        "mesas.Asistencia",
        "clears the reminder mark of a moved session's invitees (the answers themselves are "
        "reopened through save())",
    ),
    ("informes/services.py", "informe_encolar"): (
        "informes.Informe",
        "a report's queue time: the report is the system's product, not an edited record",
    ),
    ("informes/services.py", "_avance"): (
        "informes.Informe",
        "progress of a report being built, written by the worker many times a build",
    ),
    ("informes/services.py", "renovar"): (
        "informes.Informe",
        "the worker's lease heartbeat (inside _latido), conditional on still holding the lease",
    ),
    ("informes/services.py", "informe_generar"): (
        "informes.Informe",
        "releases the worker's lease, conditional on still holding it",
    ),
    ("informes/services.py", "informe_marcar_fallido"): (
        "informes.Informe",
        "a failed build, conditional on the report not being ready meanwhile",
    ),
}


def modulos_de_servicios() -> list[Path]:
    encontrados: set[Path] = set()
    for app in APPS:
        base = RAIZ / app
        for patron in ("services.py", "services/*.py", "*/services.py", "*/services/*.py"):
            encontrados.update(base.glob(patron))
    return sorted(encontrados)


def escrituras_sin_save() -> list[tuple[str, str, int, list[str]]]:
    """(file, innermost function, line, keyword names) of each queryset-style write."""
    hallazgos = []
    for ruta in modulos_de_servicios():
        arbol = ast.parse(ruta.read_text(encoding="utf-8"))
        funciones = [n for n in ast.walk(arbol) if isinstance(n, ast.FunctionDef)]
        for llamada in ast.walk(arbol):
            if not (
                isinstance(llamada, ast.Call)
                and isinstance(llamada.func, ast.Attribute)
                and llamada.func.attr in METODOS
            ):
                continue
            dentro = [
                f for f in funciones if f.lineno <= llamada.lineno <= (f.end_lineno or f.lineno)
            ]
            funcion = max(dentro, key=lambda f: f.lineno).name if dentro else "<módulo>"
            campos = [k.arg for k in llamada.keywords if k.arg]
            hallazgos.append((ruta.relative_to(RAIZ).as_posix(), funcion, llamada.lineno, campos))
    return hallazgos


def campos_con_historial(etiqueta: str) -> set[str]:
    modelo = apps.get_model(etiqueta)
    historial = getattr(modelo, "history", None)
    if historial is None:
        return set()
    return {f.attname for f in historial.model._meta.concrete_fields} & {
        f.attname for f in modelo._meta.concrete_fields
    }


def test_los_servicios_no_escriben_con_update_salvo_los_casos_justificados():
    sin_permiso = [
        f"{archivo}:{linea} ({funcion})"
        for archivo, funcion, linea, _ in escrituras_sin_save()
        if (archivo, funcion) not in PERMITIDOS
    ]

    assert sin_permiso == [], "Escriba con save() (nucleo.servicios.actualizar_modelo)."


def test_cada_caso_permitido_sigue_existiendo():
    usados = {(archivo, funcion) for archivo, funcion, _, _ in escrituras_sin_save()}

    assert set(PERMITIDOS) <= usados


@pytest.mark.parametrize("clave", sorted(PERMITIDOS), ids=lambda c: f"{c[0]}:{c[1]}")
def test_los_casos_permitidos_no_tocan_campos_con_historial(clave):
    etiqueta, _ = PERMITIDOS[clave]
    tocados = {
        campo
        for archivo, funcion, _, campos in escrituras_sin_save()
        if (archivo, funcion) == clave
        for campo in campos
    }

    assert tocados
    assert tocados & campos_con_historial(etiqueta) == set()
