"""The embedded mode (SQLite, `make run`): two people saving at once never get a 500."""

import subprocess
import sys
import textwrap

ESCRITORES = textwrap.dedent(
    """
    import os, sys, threading, time
    os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[1]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django
    django.setup()
    from django.db import connection, transaction
    with connection.cursor() as c:
        c.execute("create table t (n integer)")
    errores = []
    def escribir():
        from django.db import connection, transaction
        try:
            for _ in range(25):
                with transaction.atomic():  # read, then write: a lock upgrade
                    with connection.cursor() as c:
                        c.execute("select count(*) from t")
                        time.sleep(0.005)  # a request's work between its read and its write
                        c.execute("insert into t values (1)")
        except Exception as error:
            errores.append(repr(error))
        finally:
            connection.close()
    hilos = [threading.Thread(target=escribir) for _ in range(4)]
    [h.start() for h in hilos]
    [h.join() for h in hilos]
    with connection.cursor() as c:
        c.execute("select count(*) from t")
        print(len(errores), c.fetchone()[0])
    """
)


def test_escrituras_simultaneas_en_sqlite_esperan_su_turno(tmp_path):
    salida = subprocess.run(
        [sys.executable, "-c", ESCRITORES, str(tmp_path / "embebido.sqlite3")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    errores, filas = salida.stdout.split()[-2:]
    assert (errores, filas) == ("0", "100")
