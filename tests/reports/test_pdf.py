"""reports.pdf's speed-ups keep the output: the narrowed user-agent stylesheet computes
styles for far fewer pseudo-elements, yet lists keep their markers and the text is the
same as with WeasyPrint's own stylesheet; the font configuration is built once a thread."""

import io
import threading

import pypdf
import weasyprint.css
from weasyprint import HTML

from reports.pdf import PrintHTML, font_configuration, print_user_agent_css

SAMPLE = """<!doctype html><html lang="en"><body>
<h1>Title</h1><ul><li>first point</li><li>second point</li></ul>
<ol><li>numbered</li></ol><p>Plain <em>text</em> and <strong>more</strong>.</p>
</body></html>"""


def _pseudo_styles(html_class) -> list:
    """The (element, pseudo-element) styles WeasyPrint computes for SAMPLE."""
    computed = []
    original = weasyprint.css.StyleFor.set_computed_styles

    def spy(self, element, parent, root=None, pseudo_type=None, **kwargs):
        if pseudo_type and not str(pseudo_type).startswith("@"):
            computed.append((getattr(element, "tag", element), pseudo_type))
        return original(self, element, parent, root, pseudo_type, **kwargs)

    weasyprint.css.StyleFor.set_computed_styles = spy
    try:
        pdf = html_class(string=SAMPLE).write_pdf(font_config=font_configuration())
    finally:
        weasyprint.css.StyleFor.set_computed_styles = original
    return computed, pdf


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )


def test_print_user_agent_stylesheet_gives_markers_to_list_items_only():
    css = print_user_agent_css()
    assert "\n::marker" not in css
    assert "li::marker" in css
    assert "footnote-call" not in css
    assert "note-callback" not in css


def test_pdf_computes_pseudo_element_styles_for_list_items_only():
    stock, stock_pdf = _pseudo_styles(HTML)
    narrowed, narrowed_pdf = _pseudo_styles(PrintHTML)

    # WeasyPrint's own stylesheet: six pseudo-elements for every element.
    assert len(stock) > 6 * 8
    # Narrowed: a marker for each of the three list items, nothing else.
    assert sorted(narrowed) == [("li", "marker")] * 3
    # The same text, markers included.
    assert _text(narrowed_pdf) == _text(stock_pdf)
    assert _text(narrowed_pdf).count("•") == 2
    assert "1." in _text(narrowed_pdf)


def test_font_configuration_is_built_once_per_thread():
    here = font_configuration()
    assert font_configuration() is here
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(font_configuration()))
    thread.start()
    thread.join()
    assert elsewhere[0] is not here
