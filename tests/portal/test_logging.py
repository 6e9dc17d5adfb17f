"""WeasyPrint's warnings about the SVG properties of charts are dropped; others are kept."""

import logging

from trinno_portal.lib.logging_filters import SvgPresentationWarnings


def _record(message: str, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord("weasyprint", level, __file__, 1, message, None, None)


def test_it_drops_the_svg_presentation_warnings_of_charts():
    keep = SvgPresentationWarnings().filter
    assert not keep(_record("Ignored `fill: #ffffff` at 1:1, unknown property."))
    assert not keep(_record("Ignored `stroke-width: 0.8` at 1:30, unknown property."))
    assert not keep(_record("Ignored `text-anchor: middle` at 1:195, unknown property."))


def test_it_keeps_every_other_warning():
    keep = SvgPresentationWarnings().filter
    assert keep(_record("Ignored `colr: red` at 3:5, unknown property."))
    assert keep(_record("Failed to load image at 'https://example.org/x.png'"))
    assert keep(_record("Ignored `fill: red` at 1:1, unknown property.", logging.ERROR))


def test_the_portal_attaches_it_to_weasyprint():
    filters = logging.getLogger("weasyprint").filters
    assert any(isinstance(f, SvgPresentationWarnings) for f in filters)
