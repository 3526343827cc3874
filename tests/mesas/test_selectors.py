from datetime import timedelta

import pytest
from django.utils import timezone

from mesas import selectors
from mesas.models import Integrante, Minuta
from nucleo.models import Rol
from tests.factories import (
    AcuerdoFactory,
    AsistenciaFactory,
    SesionFactory,
    mesa_comunal,
    mesa_regional,
    oficina,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db


def test_cada_rol_ve_sus_mesas():
    regional = mesa_regional(miembros=("senda",))
    limache = mesa_comunal("05802", miembros=("senadis",))
    vina = mesa_comunal("05109")
    Integrante.objects.create(mesa=regional, institucion=omil_de("05802"))
    otra_region = mesa_regional("08")

    def ve(usuario):
        return set(selectors.mesas_visibles(usuario).values_list("pk", flat=True))

    assert ve(usuario_con_rol(Rol.DIRECTOR)) == {regional.pk, limache.pk, vina.pk}
    assert ve(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))) == {regional.pk, limache.pk}
    assert ve(usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05109"))) == {vina.pk}
    assert ve(usuario_con_rol(Rol.REPRESENTANTE, oficina("senda"))) == {regional.pk}
    assert ve(usuario_con_rol(Rol.REPRESENTANTE, oficina("senadis"))) == {limache.pk}
    assert ve(usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08"))) == {otra_region.pk}


def test_asistencia_por_institucion_cuenta_si_alguien_asistio():
    mesa = mesa_regional()
    hace = timezone.now()
    s1 = SesionFactory(mesa=mesa, inicio=hace - timedelta(days=60), estado="realizada")
    s2 = SesionFactory(mesa=mesa, inicio=hace - timedelta(days=30), estado="realizada")
    senadis = oficina("senadis")
    AsistenciaFactory(sesion=s1, institucion=senadis, estado="ausente")
    AsistenciaFactory(
        sesion=s1, institucion=senadis, persona=usuario_con_rol(Rol.REPRESENTANTE), estado="asistio"
    )
    AsistenciaFactory(sesion=s2, institucion=senadis, estado="justificada")

    sesiones, filas = selectors.asistencia_por_institucion(mesa)

    assert sesiones == [s1, s2]
    assert [(f.institucion, f.celdas, f.porcentaje) for f in filas] == [
        (senadis, ["asistio", "justificada"], 50)
    ]


def test_panorama_cuenta_minutas_a_tiempo_y_acuerdos():
    mesa = mesa_comunal("05802")
    ahora = timezone.now()
    a_tiempo = SesionFactory(mesa=mesa, inicio=ahora - timedelta(days=20), estado="realizada")
    Minuta.objects.create(sesion=a_tiempo, texto="ok", created_at=a_tiempo.fin + timedelta(days=2))
    tarde = SesionFactory(mesa=mesa, inicio=ahora - timedelta(days=15), estado="realizada")
    Minuta.objects.create(sesion=tarde, texto="ok", created_at=tarde.fin + timedelta(days=9))
    en_plazo = SesionFactory(mesa=mesa, inicio=ahora - timedelta(days=2), estado="realizada")
    AcuerdoFactory(sesion=en_plazo)
    AcuerdoFactory(sesion=tarde, estado="vencido")

    (fila,) = selectors.panorama_regional("05", ahora=ahora)

    assert (fila.minutas_a_tiempo, fila.minutas_esperadas, fila.minutas_faltantes) == (1, 2, 0)
    assert (fila.acuerdos_abiertos, fila.acuerdos_vencidos) == (2, 1)
    assert fila.motivos == ["Minutas subidas fuera de plazo", "1 acuerdo vencido"]
    assert fila.etiqueta == "Atrasada"


def test_invitaciones_pendientes_solo_las_propias_y_cercanas():
    persona = usuario_con_rol(Rol.REPRESENTANTE)
    cerca = AsistenciaFactory(persona=persona)
    AsistenciaFactory(
        persona=persona, sesion=SesionFactory(inicio=timezone.now() + timedelta(days=60))
    )
    AsistenciaFactory(persona=usuario_con_rol(Rol.REPRESENTANTE))

    assert list(selectors.invitaciones_pendientes(persona)) == [cerca]
