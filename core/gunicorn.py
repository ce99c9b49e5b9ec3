"""Gunicorn's access log without feed tokens or search terms (core.logging.redact).

gunicorn --logger-class core.gunicorn.RedactingLogger exchange.wsgi
"""

from gunicorn.glogging import Logger

from core.logging import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key] if key != "q" else f"?{atoms[key]}").lstrip("?")
        return atoms
