"""Read a page's form as a browser would send it: what a "tab" posts back.

`form_fields(html, containing="version")` returns the POST data of the first form that
has a field of that name: hidden inputs (version, submission token, CSRF), text, the
checked boxes and radios, the selected options, the textareas. Submit buttons are left
out (add the one pressed), and so is what sits in a <template> (rows JavaScript adds).
"""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._templates = 0  # inside <template>: a blank row for JavaScript, never sent

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "template":
            self._templates += 1
        if self._templates:
            return
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attributes:
                return
            default = "on" if kind in {"checkbox", "radio"} else ""
            self._form.append((name, attributes.get("value", default) or default))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attributes)
            self._options = []
        elif tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "selected": "selected" in attributes}
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_data(self, data):
        if self._templates:
            return
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self._templates -= 1
        if self._templates:
            return
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            value = self._option["value"]
            self._options.append(
                ("".join(self._text).strip() if value is None else value, self._option["selected"])
            )
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._text)
            self._form.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(html: str, *, containing: str) -> dict[str, str | list[str]]:
    """The POST data of the first form with a field named `containing`."""
    parser = _Forms()
    parser.feed(html)
    for pairs in parser.forms:
        if any(name == containing for name, _ in pairs):
            data: dict[str, str | list[str]] = {}
            for name, value in pairs:
                if name in data:
                    previous = data[name]
                    data[name] = (
                        [*previous, value] if isinstance(previous, list) else [previous, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"No form with a field named {containing!r} on the page.")
