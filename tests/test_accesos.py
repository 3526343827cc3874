"""Every named URL is declared in the access table; anonymous users reach only public pages."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nucleo.registro import FIRMADO, PUBLICO, tabla_de_accesos


def nombres_de_url(resolver=None, prefijo: str = "") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    nombres = []
    for patron in resolver.url_patterns:
        if isinstance(patron, URLResolver):
            if patron.app_name == "admin":
                continue
            espacio = f"{prefijo}{patron.namespace}:" if patron.namespace else prefijo
            nombres.extend(nombres_de_url(patron, espacio))
        elif patron.name:
            nombres.append((f"{prefijo}{patron.name}", patron))
    return nombres


def test_cada_url_con_nombre_esta_en_la_tabla_de_accesos():
    tabla = tabla_de_accesos()

    faltan = sorted({nombre for nombre, _ in nombres_de_url() if nombre not in tabla})

    assert not faltan, f"URLs sin regla de acceso: {faltan}"


def _url_de_ejemplo(nombre: str, patron: URLPattern) -> str:
    claves = patron.pattern.regex.groupindex
    valores = {}
    for clave in claves:
        convertidor = patron.pattern.converters.get(clave)
        tipo = type(convertidor).__name__ if convertidor else "StringConverter"
        valores[clave] = {
            "IntConverter": 1,
            "UUIDConverter": "00000000-0000-0000-0000-000000000000",
        }.get(tipo, "x")
    return reverse(nombre, kwargs=valores)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nombre", "patron"),
    [(n, p) for n, p in nombres_de_url() if tabla_de_accesos().get(n) not in (PUBLICO, FIRMADO)],
    ids=lambda v: str(v),
)
def test_anonimo_es_enviado_al_login_salvo_en_paginas_publicas(client, nombre, patron):
    url = _url_de_ejemplo(nombre, patron)

    for metodo in (client.get, client.post):
        respuesta = metodo(url)

        assert respuesta.status_code == 302, (metodo, url)
        assert respuesta.url.startswith(reverse("login"))
