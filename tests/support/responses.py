"""Reading the app's answers in tests: as htmx asks for them, and as text a person reads."""

import html

HTMX = {"HX-Request": "true"}  # the header htmx sends: the view answers with a fragment


def text(response) -> str:
    """The response's body with HTML entities turned back into characters."""
    return html.unescape(response.content.decode())
