"""The portal's date and number formats (settings.FORMAT_MODULE_PATH), over Django's.

Italian: months are written lower-case in a sentence (10 marzo 2015: Accademia della
Crusca; Django's "d F Y" with its capitalised catalogue gave "10 Marzo 2015"; the lower-case
names are in locale/it). English: the portal's readers are European, so day before month
as in British English (10/03/2015, 10 March 2015), never the American 03/10/2015, and
typed dates are read that way too.
"""
