"""Demo data of the public offer (/oferta/): the catalogue's programmes written for a job seeker
and marked public, and the OMIL offices published with their hours. Called by nucleo.demo."""

from nucleo.models import Institucion, Poblacion, Programa

# nombre -> (para quién, requisitos, cómo postular, poblaciones)
PUBLICOS = {
    "Más Capaz": (
        "Mujeres, jóvenes de 18 a 29 años y personas con discapacidad que quieren aprender un "
        "oficio y encontrar trabajo.",
        "Tener entre 18 y 64 años y estar en el 60 % más vulnerable del Registro Social de "
        "Hogares.",
        "Postula en sence.gob.cl cuando haya cursos abiertos, o pide ayuda en tu OMIL.",
        [Poblacion.MUJERES, Poblacion.JOVENES, Poblacion.DISCAPACIDAD],
    ),
    "Bolsa Nacional de Empleo": (
        "Toda persona que busca trabajo.",
        "Tener tu cédula de identidad. Sirve tu ClaveÚnica para inscribirte en línea.",
        "Inscríbete en bne.cl o en la OMIL de tu comuna: te ayudan a armar tu currículum.",
        [],
    ),
    "Programa de Integración Social": (
        "Personas que están en tratamiento o terminaron un tratamiento por consumo de drogas o "
        "alcohol y quieren volver a trabajar.",
        "Estar en un programa de tratamiento o haberlo terminado.",
        "Pregunta en tu centro de tratamiento o en la OMIL: te derivan con reserva.",
        [Poblacion.CONSUMO],
    ),
    "Oficina de Discapacidad": (
        "Personas con discapacidad que buscan trabajo o apoyo para trabajar.",
        "Tener la credencial de discapacidad o estar tramitándola.",
        "Acércate a la Oficina de Discapacidad de tu municipalidad o a la OMIL.",
        [Poblacion.DISCAPACIDAD],
    ),
    "Mujeres Jefas de Hogar": (
        "Mujeres que mantienen su hogar y quieren trabajar o emprender.",
        "Tener entre 18 y 65 años, ser jefa de hogar y vivir en una comuna con el programa.",
        "Inscríbete en la municipalidad o en la OMIL de tu comuna.",
        [Poblacion.MUJERES],
    ),
}

HORARIO_OMIL = "Lunes a viernes, de 8:30 a 14:00"
HORARIO_OFICINA = "Lunes a viernes, de 9:00 a 14:00"
# The contact role each service's regional office publishes (a role and its mailbox, no name).
CONTACTOS = {
    "sence": "Encargado/a regional de intermediación laboral",
    "senadis": "Coordinador/a regional de inclusión laboral",
    "sernameg": "Encargado/a regional del programa Mujeres Jefas de Hogar",
    "senda": "Encargado/a regional de integración social",
}


def publicar(regiones: list[str]) -> int:
    for nombre, (para_quien, requisitos, como, poblaciones) in PUBLICOS.items():
        Programa.objects.filter(nombre=nombre).update(
            publico=True,
            para_quien=para_quien,
            requisitos=requisitos,
            como_postular=como,
            poblaciones=[str(p) for p in poblaciones],
        )
    for codigo, cargo in CONTACTOS.items():
        Institucion.objects.filter(
            tipo=Institucion.Tipo.REGIONAL,
            servicio__codigo=codigo,
            region_id__in=regiones,
            activa=True,
        ).update(publica=True, horario=HORARIO_OFICINA, contacto_cargo=cargo)
    return Institucion.objects.filter(
        tipo=Institucion.Tipo.OMIL, region_id__in=regiones, activa=True
    ).update(publica=True, horario=HORARIO_OMIL)
