"""Health endpoints for load balancers and orchestrators, public and never cached.

- `health` (liveness): the process answers requests. It never touches the database,
  so an outage of PostgreSQL does not get a healthy app restarted for nothing.
- `ready` (readiness): the app can serve pages, i.e. the database answers `SELECT 1`.
  While it does not, the answer is 503 and traffic should go elsewhere.
"""

from contextlib import suppress

from django.db import Error, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        # Drop the broken connection now, so the next request opens a new one once the
        # database is back (instead of failing on a connection the server has closed).
        with suppress(Error):
            connection.close()
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
