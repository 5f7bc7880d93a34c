"""Translated labels of the codes users see: statuses, areas, questionnaire items, roles."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from budget.review.statuses import APPROVED, DRAFT, RETURNED, SUBMITTED

STATUS = {
    DRAFT: _l("draft"),
    SUBMITTED: _l("submitted"),
    APPROVED: _l("approved"),
    RETURNED: _l("returned"),
}
AREA = {
    "education": _l("Education"),
    "employment": _l("Employment"),
    "housing": _l("Housing"),
    "health": _l("Health"),
    "social_protection": _l("Social protection"),
    "civil_registration": _l("Civil registration"),
    "antidiscrimination": _l("Antidiscrimination"),
    "other": _l("Other"),
}
ITEM = {
    "lap_in_force": _l("A local action plan for Roma inclusion is in force"),
    "roma_coordinator": _l("A Roma coordinator is employed"),
    "consultation_held": _l("Roma were consulted on the budget"),
    "budget_published": _l("The budget and its execution are published"),
    "interethnic_council_consulted": _l("The council for interethnic relations was consulted"),
}
# Serbia's statistical regions (NUTS 2) as written in the jurisdictions files, in English; other
# region names are shown as written (in the page's script).
REGION_EN = {
    "Beogradski region": "Belgrade Region",
    "Beograd": "Belgrade",
    "Vojvodina": "Vojvodina",
    "Region Vojvodine": "Vojvodina",
    "Šumadija i Zapadna Srbija": "Šumadija and Western Serbia",
    "Region Šumadije i Zapadne Srbije": "Šumadija and Western Serbia",
    "Južna i Istočna Srbija": "Southern and Eastern Serbia",
    "Region Južne i Istočne Srbije": "Southern and Eastern Serbia",
}
UNIT = {"percent": _l("percent"), "number": _l("number"), "ratio": _l("ratio")}
SEX = {"": _l("all (total)"), "female": _l("women"), "male": _l("men")}
RELEVANCE = {"targeted": _l("targeted"), "mainstream": _l("mainstream")}
ORIGIN = {"carry_over": _l("last year"), "keyword": _l("keyword")}
# The six economies. "Kosovo*" carries the designation footnote of the Regional Cooperation
# Council's publications wherever it is named (KOSOVO_NOTE, shown by the page footer).
COUNTRY = {
    "AL": _l("Albania"),
    "BA": _l("Bosnia and Herzegovina"),
    "XK": _l("Kosovo*"),
    "ME": _l("Montenegro"),
    "MK": _l("North Macedonia"),
    "RS": _l("Serbia"),
}
KOSOVO_NOTE = _l(
    "*This designation is without prejudice to positions on status, and is in line with UNSCR "
    "1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)


# How each economy's policies name the people the strategy serves (profiles.toml, roma_term):
# Albania and Montenegro speak of Roma and Egyptians, Kosovo* of Roma, Ashkali and Egyptians.
ROMA_POPULATION = {
    "roma": _l("Roma population"),
    "roma_egyptians": _l("Roma and Egyptian population"),
    "roma_ashkali_egyptians": _l("Roma, Ashkali and Egyptian population"),
}
ROMA_NOTE = _l(
    "Roma population: in Albania and Montenegro Roma and Egyptians, in Kosovo* Roma, Ashkali "
    "and Egyptians, as their strategies count them."
)


def roma_population_label(country: str) -> str:
    from budget.classifications.profiles import profile

    found = profile(country)
    return str(ROMA_POPULATION[found.roma_term if found else "roma"])


def economy_name(country: str) -> str:
    return str(COUNTRY.get(country, country))


def init_app(app: Flask) -> None:
    @app.context_processor
    def labels():
        return {
            "status_label": lambda code: STATUS.get(code, code),
            "area_label": lambda code: AREA.get(code, code),
            "item_label": lambda code: ITEM.get(code, code),
            "relevance_label": lambda code: RELEVANCE.get(code, code),
            "origin_label": lambda code: ORIGIN.get(code, code),
            "unit_label": lambda code: UNIT.get(code, code),
            "sex_label": lambda code: SEX.get(code, code),
            "economy_name": economy_name,
            "roma_population_label": roma_population_label,
            "roma_note": ROMA_NOTE,
            "kosovo_note": KOSOVO_NOTE,
        }
