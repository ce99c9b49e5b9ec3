"""Logging that keeps secrets and personal data out of the logs."""

import logging
import re

# The calendar feed's address is its key (reports: /reports/feeds/<token>.ics), and what
# people search for can name a person: neither belongs in an access log.
_FEED = re.compile(r"(/feeds/)[^/\s?\"]+(\.ics)")
_QUERY = re.compile(r"([?&](?:q|term|search)=)[^&\s\"]*")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    return _QUERY.sub(rf"\g<1>{REDACTED}", _FEED.sub(rf"\g<1>{REDACTED}\g<2>", text))


class RedactSecretsFilter(logging.Filter):
    """Rewrites each record's message (and its arguments) with the feed tokens and search
    terms replaced by "[redacted]". Installed on the console handler in settings.LOGGING,
    so every logger that writes request lines (django.server, django.request) passes it;
    `core.gunicorn` does the same for gunicorn's access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "get_full_path"):
            record.request_path = redact(request.get_full_path())
        return True
