"""iCalendar files: one session (e-mail invitation, download) and a personal feed of events.

Times are written in the zone of the place (DTSTART;TZID=Pacific/Easter…) with the VTIMEZONE of
each zone used, built from the same pinned tzdata the app uses, so calendars on the island and
on the continent show the right hour on both sides of every daylight-saving change."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from mesas import reglas
from mesas.models import Sesion
from nucleo import calendario
from nucleo.registro import Evento

PRODID = "-//SENCE//Mesas Intersectoriales//ES"


def _calendario(method: str | None = None, nombre: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if nombre:
        cal.add("x-wr-calname", nombre)
        cal.add("x-wr-timezone", "America/Santiago")
    return cal


def _evento(evento: Evento) -> Event:
    ev = Event()
    ev.add("uid", evento.uid)
    ev.add("dtstamp", timezone.now())
    ev.add("dtstart", evento.inicio)
    ev.add("dtend", evento.fin)
    ev.add("summary", evento.titulo)
    if evento.lugar:
        ev.add("location", evento.lugar)
    descripcion = evento.descripcion
    url = f"{settings.SITE_URL}{evento.url}"
    ev.add("description", f"{descripcion}\n\n{url}".strip())
    ev.add("url", url)
    ev.add("status", "CANCELLED" if evento.cancelado else "CONFIRMED")
    return ev


def evento_de_sesion(sesion: Sesion) -> Evento:
    lugares = [p for p in (sesion.lugar, sesion.enlace_video) if p]
    zona = reglas.zona_de_mesa(sesion.mesa)
    return Evento(
        uid=sesion.uid,
        titulo=f"{sesion.mesa.nombre}: {sesion.nombre}",
        inicio=calendario.hora_local(sesion.inicio, zona),
        fin=calendario.hora_local(sesion.fin, zona),
        url=sesion.get_absolute_url(),
        lugar=" · ".join(lugares),
        descripcion=(
            f"{sesion.get_tipo_display()} de la {sesion.mesa.nombre}."
            + (f"\nVideoconferencia: {sesion.enlace_video}" if sesion.enlace_video else "")
        ),
        tipo="sesion",
        cancelado=sesion.estado == Sesion.Estado.SUSPENDIDA,
    )


def ics_sesion(sesion: Sesion, *, method: str = "PUBLISH", para: str = "") -> bytes:
    """METHOD:REQUEST for invitations (CANCEL when suspended); SEQUENCE follows the session's
    version so calendars replace the earlier copy instead of adding a second one."""
    cal = _calendario(method)
    ev = _evento(evento_de_sesion(sesion))
    ev.add("sequence", sesion.version)
    if method in ("REQUEST", "CANCEL"):
        organizador = vCalAddress(
            f"MAILTO:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].strip('> ')}"
        )
        organizador.params["cn"] = vText(str(sesion.mesa.coordinadora))
        ev.add("organizer", organizador)
        if para:
            asistente = vCalAddress(f"MAILTO:{para}")
            asistente.params["role"] = vText("REQ-PARTICIPANT")
            asistente.params["partstat"] = vText("NEEDS-ACTION")
            asistente.params["rsvp"] = vText("FALSE")
            ev.add("attendee", asistente, encode=0)
    cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_feed(eventos: list[Evento], *, nombre: str) -> bytes:
    cal = _calendario(nombre=nombre)
    for evento in eventos:
        cal.add_component(_evento(evento))
    cal.add_missing_timezones()
    return cal.to_ical()
