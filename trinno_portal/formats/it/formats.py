# Only what differs from Django's Italian formats: Django reads the rest from its own
# (django.utils.formats.get_format looks in this module first, then in Django's).
DATE_FORMAT = "j F Y"  # 10 marzo 2015
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
