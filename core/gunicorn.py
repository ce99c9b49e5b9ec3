"""Gunicorn's access log without feed tokens or search terms (core.logging.redact).

gunicorn --logger-class core.gunicorn.RedactingLogger exchange.wsgi
"""

from gunicorn.glogging import Logger

from core.logging import redact

# Atoms holding a bare query string ("q=..."), without its "?".
_QUERY_ATOMS = {"q", "{query_string}e"}


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(f"?{value}")[1:] if key in _QUERY_ATOMS else redact(value)
        return atoms
