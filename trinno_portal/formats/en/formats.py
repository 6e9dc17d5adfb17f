# Only what differs from Django's English formats (django.utils.formats.get_format looks
# in this module first): British English, day before month.
DATE_FORMAT = "j F Y"  # 10 March 2015
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # the date input's value
    "%d/%m/%Y",  # 10/03/2015
    "%d/%m/%y",
    "%d %B %Y",  # 10 March 2015
    "%d %b %Y",
]
