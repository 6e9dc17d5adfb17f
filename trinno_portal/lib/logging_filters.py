"""Logging filters named in settings.LOGGING."""

import logging
import re

# SVG presentation properties, which matplotlib writes in the style attribute of every
# element of a chart. WeasyPrint draws them, but its CSS validator, which reads the
# style attribute of every element of the page, does not know them and logs a warning
# for each: about 3,000 lines per monitoring report, which hid real warnings and cost
# the report job time. A property that is not an SVG one still gets its warning.
_SVG_PROPERTY = re.compile(
    r"^Ignored `(fill|stroke|text-anchor|clip-path|opacity|font-family|font-size|"
    r"paint-order|marker|dominant-baseline|shape-rendering)[\w-]*:.*unknown property"
)


class SvgPresentationWarnings(logging.Filter):
    """Drop WeasyPrint's "unknown property" warnings about SVG presentation properties."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        return not _SVG_PROPERTY.match(record.getMessage())
