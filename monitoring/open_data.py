"""The open data's metadata: the DCAT-AP_IT catalogue (JSON-LD) that a national catalogue
(dati.gov.it) harvests, and the data dictionary of the list of operations.

DCAT-AP_IT (AgID, the Italian profile of DCAT-AP) asks of a catalogue its title,
description, publisher, modification date and datasets; of a dataset its identifier,
title, description, modification date, theme, rights holder, update frequency and
distributions; of a distribution its format, access URL and licence. Each is below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .reports import OPEN_DATA_FIELDS

PUBLISHER = "Arezzo Innovazione S.p.A."
RIGHTS_HOLDER = "Arezzo Innovazione S.p.A."
CONTACT_EMAIL = "info@arezzoinnovazione.it"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATASET_ID = "trinno-operazioni-sostenute"
# Reg. (EU) 2021/1060 art. 49(3): the list is updated at least every four months, i.e.
# three times a year (EU frequency vocabulary ANNUAL_3). The files are computed at each
# download, so they are never older than that.
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/ANNUAL_3"
THEMES = [
    "http://publications.europa.eu/resource/authority/data-theme/ECON",
    "http://publications.europa.eu/resource/authority/data-theme/GOVE",
]
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _date(day: dt.date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _agent(name: str) -> dict[str, Any]:
    return {"@type": ["dcatapit:Agent", "foaf:Agent"], "foaf:name": name, "dct:identifier": name}


def catalogue_jsonld(*, base_url: str, modified: dt.date, urls: dict[str, str]) -> dict:
    """The catalogue with its one dataset, the list of supported operations, in two
    distributions (CSV, JSON) and its data dictionary. `urls`: csv, json, dictionary,
    catalogue, as absolute URLs."""
    licence = {
        "@id": LICENCE_URL,
        "@type": ["dcatapit:LicenseDocument", "dct:LicenseDocument"],
        "foaf:name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
        "dct:type": {"@id": "http://purl.org/adms/licencetype/Attribution"},
    }

    def distribution(fmt: str, media: str, url: str) -> dict[str, Any]:
        return {
            "@id": f"{url}#distribution",
            "@type": ["dcatapit:Distribution", "dcat:Distribution"],
            "dct:title": {"@value": f"Operazioni sostenute ({fmt})", "@language": "it"},
            "dct:format": {
                "@id": f"http://publications.europa.eu/resource/authority/file-type/{fmt}"
            },
            "dcat:mediaType": media,
            "dcat:accessURL": {"@id": url},
            "dcat:downloadURL": {"@id": url},
            "dct:license": licence,
            "dct:conformsTo": {"@id": urls["dictionary"]},
        }

    dataset = {
        "@id": f"{base_url}#{DATASET_ID}",
        "@type": ["dcatapit:Dataset", "dcat:Dataset"],
        "dct:identifier": DATASET_ID,
        "dct:title": {
            "@value": "TRINNO: elenco delle operazioni sostenute (POR FESR e FSE Toscana)",
            "@language": "it",
        },
        "dct:description": {
            "@value": (
                "Le operazioni sostenute dai bandi gestiti nel portale TRINNO di Arezzo "
                "Innovazione (audit tecnologico, servizi per l'innovazione, voucher "
                "formativi), una per riga, con i campi dell'art. 49, paragrafo 3, del "
                "regolamento (UE) 2021/1060. Nomi dei campi come in OpenCoesione dove esistono."
            ),
            "@language": "it",
        },
        "dct:modified": _date(modified),
        "dcat:theme": [{"@id": theme} for theme in THEMES],
        "dct:rightsHolder": _agent(RIGHTS_HOLDER),
        "dct:publisher": _agent(PUBLISHER),
        "dct:accrualPeriodicity": {"@id": FREQUENCY},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
        "dct:spatial": {"@id": "http://publications.europa.eu/resource/authority/place/ITA_FLR"},
        "dcat:keyword": ["TRINNO", "FESR", "FSE", "Toscana", "Industria 4.0", "PMI"],
        "dcat:contactPoint": {
            "@type": ["dcatapit:Organization", "vcard:Organization"],
            "vcard:fn": PUBLISHER,
            "vcard:hasEmail": {"@id": f"mailto:{CONTACT_EMAIL}"},
        },
        "dcat:landingPage": {"@id": urls["dictionary"]},
        "dcat:distribution": [
            distribution("CSV", "text/csv", urls["csv"]),
            distribution("JSON", "application/json", urls["json"]),
        ],
    }
    return {
        "@context": CONTEXT,
        "@id": urls["catalogue"],
        "@type": ["dcatapit:Catalog", "dcat:Catalog"],
        "dct:title": {"@value": "Dati aperti del portale TRINNO", "@language": "it"},
        "dct:description": {
            "@value": "Catalogo dei dati aperti del monitoraggio del piano d'azione TRINNO.",
            "@language": "it",
        },
        "dct:publisher": _agent(PUBLISHER),
        "dct:modified": _date(modified),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ITA"},
        "foaf:homepage": {"@id": base_url},
        "dcat:dataset": [dataset],
    }


def dictionary_fields() -> list[str]:
    return list(OPEN_DATA_FIELDS)
