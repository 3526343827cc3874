"""Django's PostgreSQL backend with one change: the health check of a kept connection
(CONN_HEALTH_CHECKS) waits at most SALUD_SEGUNDOS.

Django checks a reused connection with `SELECT 1` and no deadline. If the database stopped
answering while the connection stays open (a frozen server whose kernel still acknowledges), that
check would hold the request until gunicorn kills the worker. With a deadline the connection is
dropped, the new one fails after connect_timeout, and the person gets the Spanish 503 page.
"""

from django.db.backends.postgresql.base import DatabaseWrapper as DatabaseWrapperDjango

SALUD_SEGUNDOS = 2.0


class DatabaseWrapper(DatabaseWrapperDjango):
    def is_usable(self) -> bool:
        try:
            # psycopg's own wait, with the deadline its public execute() does not take.
            self.connection.wait(self.connection._exec_command(b"SELECT 1"), timeout=SALUD_SEGUNDOS)
        except Exception:  # timeout, closed socket, server error: not usable either way
            return False
        return True
