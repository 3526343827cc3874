from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from celery.schedules import crontab

from config.celery import app

SANTIAGO = ZoneInfo("America/Santiago")


def proxima(nombre: str, desde: datetime) -> datetime:
    """When beat runs the entry next, seen from `desde` (a fake "now")."""
    original = app.conf.beat_schedule[nombre]["schedule"]
    horario = crontab(
        minute=original._orig_minute,
        hour=original._orig_hour,
        day_of_month=original._orig_day_of_month,
        month_of_year=original._orig_month_of_year,
        nowfun=lambda: desde,
        app=app,
    )
    # Absolute time arithmetic: the delta may cross a daylight saving change.
    return (desde.astimezone(UTC) + horario.remaining_estimate(desde)).astimezone(SANTIAGO)


def test_el_calendario_usa_la_hora_de_chile():
    assert app.conf.timezone == "America/Santiago"


def test_informe_mensual_el_dia_1_a_las_6():
    desde = datetime(2026, 10, 20, 12, 0, tzinfo=SANTIAGO)

    assert proxima("informes-mensuales", desde) == datetime(2026, 11, 1, 6, 0, tzinfo=SANTIAGO)
    assert app.conf.beat_schedule["informes-mensuales"]["args"] == ["mensual"]


def test_informe_semestral_el_1_de_enero_y_el_1_de_julio():
    assert proxima("informes-semestrales", datetime(2026, 3, 3, tzinfo=SANTIAGO)) == datetime(
        2026, 7, 1, 6, 0, tzinfo=SANTIAGO
    )
    assert proxima("informes-semestrales", datetime(2026, 8, 3, tzinfo=SANTIAGO)) == datetime(
        2027, 1, 1, 6, 0, tzinfo=SANTIAGO
    )


def test_las_tareas_del_calendario_existen():
    app.loader.import_default_modules()

    for entrada in app.conf.beat_schedule.values():
        assert entrada["task"] in app.tasks, entrada["task"]
