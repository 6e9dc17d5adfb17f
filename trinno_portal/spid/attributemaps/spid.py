"""SPID's attributes travel with the basic name format under their own names (AgID, Regole
tecniche SPID, tabella attributi): pysaml2 maps them one to one."""

NAMES = (
    "spidCode",
    "name",
    "familyName",
    "placeOfBirth",
    "countyOfBirth",
    "dateOfBirth",
    "gender",
    "companyName",
    "registeredOffice",
    "fiscalNumber",
    "ivaCode",
    "idCard",
    "mobilePhone",
    "email",
    "address",
    "expirationDate",
    "digitalAddress",
    "domicileStreetAddress",
    "domicilePostalCode",
    "domicileMunicipality",
    "domicileProvince",
    "domicileNation",
    "companyFiscalNumber",
)

MAP = {
    "identifier": "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
    "fro": {name: name for name in NAMES},
    "to": {name: name for name in NAMES},
}
