"""iCalendar files in the zone of the place, with its VTIMEZONE."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from mesas.ics import evento_de_sesion, ics_feed, ics_sesion
from nucleo import calendario
from tests.factories import SesionFactory, en_santiago, mesa_comunal, mesa_regional

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dia", "utc"),
    [
        (date(2027, 4, 3), 15),
        (date(2027, 4, 5), 16),
        (date(2027, 9, 4), 16),
        (date(2027, 9, 6), 15),
    ],
)
def test_ics_de_isla_de_pascua_lleva_su_zona_y_vtimezone(dia, utc):
    # given a session at 10:00 on the island, on either side of a DST change
    mesa = mesa_comunal("05201")
    inicio = calendario.en_zona(dia, time(10), "Pacific/Easter")
    sesion = SesionFactory(mesa=mesa, inicio=inicio, fin=inicio + timedelta(hours=2))

    texto = ics_sesion(sesion).decode()

    assert f"DTSTART;TZID=Pacific/Easter:{dia:%Y%m%d}T100000" in texto
    assert "BEGIN:VTIMEZONE" in texto and "TZID:Pacific/Easter" in texto
    evento = Calendar.from_ical(texto).walk("VEVENT")[0]
    assert evento.decoded("dtstart").astimezone(UTC) == datetime(
        dia.year, dia.month, dia.day, utc, tzinfo=UTC
    )


def test_el_feed_mezcla_zonas_con_un_vtimezone_por_zona():
    isla = SesionFactory(
        mesa=mesa_comunal("05201"),
        inicio=calendario.en_zona(date(2027, 5, 3), time(10), "Pacific/Easter"),
        fin=calendario.en_zona(date(2027, 5, 3), time(12), "Pacific/Easter"),
    )
    continente = SesionFactory(
        mesa=mesa_regional(),
        inicio=en_santiago(date(2027, 5, 4)),
        fin=en_santiago(date(2027, 5, 4), time(12)),
    )

    texto = ics_feed(
        [evento_de_sesion(isla), evento_de_sesion(continente)], nombre="Mesas"
    ).decode()

    assert "DTSTART;TZID=Pacific/Easter:20270503T100000" in texto
    assert "DTSTART;TZID=America/Santiago:20270504T100000" in texto
    assert texto.count("BEGIN:VTIMEZONE") == 2
