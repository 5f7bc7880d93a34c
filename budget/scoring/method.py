"""A scoring method read from its data file, and the code that applies it to the inputs.

The file holds the identifier, the priority areas, the questionnaire items, the points, the
overall grade boundaries and, for each dimension, its indicator, formula text and thresholds.
Indicators (below) compute named values from the inputs; a new method version is a new file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path
from typing import Any

from budget.scoring.inputs import ScoreInputs

METHODS_DIR = Path(__file__).with_name("methods")
RATIO = Decimal("0.0001")


class NotScored(Exception):
    """The dimension cannot be computed; the message says why."""


def _div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 60  # grades compare unrounded values: keep far more digits than reported
        return a / b


# --- indicators: each returns the dimension's named values, or raises NotScored -----------------
def plan_funding(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """f = Σ_m min(T_R(m), C(m)) / Σ_m C(m) over measures with a planned cost."""
    if not inputs.planned_costs:
        raise NotScored("no planned cost is recorded for this year")
    if inputs.T_R is None:
        raise NotScored("there is neither an adopted nor a revised budget")
    covered = sum(
        (
            min(inputs.T_R_by_measure.get(code, Decimal(0)), cost)
            for code, cost in inputs.planned_costs.items()
        ),
        Decimal(0),
    )
    return {"f": _div(covered, sum(inputs.planned_costs.values(), Decimal(0)))}


def strategic_alignment(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """l = T_R(linked to any measure) / T_R; n = priority areas with T_R(area) > 0."""
    if inputs.T_R is None:
        raise NotScored("there is neither an adopted nor a revised budget")
    areas = sum(1 for area in method.priority_areas if inputs.T_R_by_area.get(area, 0) > 0)
    if inputs.T_R == 0:
        return {"l": None, "n": areas, "zero_tagged": True}
    return {"l": _div(inputs.T_R_linked, inputs.T_R), "n": areas}


def execution(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """x = T_E / T_R."""
    if not inputs.has_executed:
        raise NotScored("there is no execution report")
    if not inputs.T_R:
        raise NotScored("nothing Roma-relevant is tagged in the budget in force")
    return {"x": _div(inputs.T_E, inputs.T_R)}


def rebalance_protection(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """d = (T_R / T_A - 1) - (B_R / B_A - 1)."""
    if not inputs.has_revision:
        raise NotScored("there was no rebalance")
    if not inputs.has_adopted:
        raise NotScored("there is no adopted budget to compare with")
    if not inputs.T_A:
        raise NotScored("nothing Roma-relevant was tagged in the adopted budget")
    if not inputs.B_A:
        raise NotScored("the adopted budget is 0")
    tagged_change = _div(inputs.T_R, inputs.T_A) - 1
    total_change = _div(inputs.B_R, inputs.B_A) - 1
    return {
        "d": tagged_change - total_change,
        "tagged_change": tagged_change,
        "total_change": total_change,
    }


def evidence(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """q1 = share of T_R carried by tags with both beneficiary counts; q2 = with Roma women."""
    if inputs.T_R is None:
        raise NotScored("there is neither an adopted nor a revised budget")
    if inputs.T_R == 0:
        return {"q1": None, "q2": None, "zero_tagged": True}
    return {
        "q1": _div(inputs.T_R_with_beneficiaries, inputs.T_R),
        "q2": _div(inputs.T_R_with_women, inputs.T_R),
    }


def participation(inputs: ScoreInputs, method: Method) -> dict[str, Any]:
    """v = number of questionnaire items answered yes."""
    recorded = [item for item in method.questionnaire_items if item in inputs.answers]
    if not recorded:
        raise NotScored("no questionnaire answer is recorded for this year")
    return {"v": sum(1 for item in recorded if inputs.answers[item])}


INDICATORS = {
    f.__name__: f
    for f in (
        plan_funding,
        strategic_alignment,
        execution,
        rebalance_protection,
        evidence,
        participation,
    )
}


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    indicator: str
    value: str
    formula: str
    grades: list[dict]
    zero_tagged_grade: str | None = None

    def grade(self, values: dict[str, Any]) -> str:
        if values.get("zero_tagged"):
            return self.zero_tagged_grade or self.grades[-1]["grade"]
        for rule in self.grades:
            if all(
                values.get(name) is not None and values[name] >= Decimal(str(bound))
                for name, bound in rule["min"].items()
            ):
                return rule["grade"]
        return self.grades[-1]["grade"]


@dataclass(frozen=True)
class Method:
    id: str
    title: str
    scored_kinds: tuple[str, ...]
    priority_areas: tuple[str, ...]
    questionnaire_items: tuple[str, ...]
    points: dict[str, int]
    min_scored_dimensions: int
    overall_grades: list[dict]
    dimensions: tuple[Dimension, ...]
    fingerprint: str = ""  # SHA-256 of the file: stored with each result it computes

    @classmethod
    def from_file(cls, path: Path) -> Method:
        content = path.read_bytes()
        data = json.loads(content.decode("utf-8"))
        dimensions = tuple(Dimension(**d) for d in data["dimensions"])
        for dimension in dimensions:
            if dimension.indicator not in INDICATORS:
                raise ValueError(f"{path.name}: unknown indicator {dimension.indicator!r}")
        return cls(
            data["id"],
            data["title"],
            tuple(data["scored_kinds"]),
            tuple(data["priority_areas"]),
            tuple(data["questionnaire_items"]),
            data["points"],
            data["min_scored_dimensions"],
            data["overall_grades"],
            dimensions,
            hashlib.sha256(content).hexdigest(),
        )

    def apply(self, inputs: ScoreInputs) -> dict:
        """The score object: every dimension, the index and the grade (or insufficient data)."""
        dimensions = {}
        points = []
        for dimension in self.dimensions:
            try:
                values = INDICATORS[dimension.indicator](inputs, self)
            except NotScored as reason:
                dimensions[dimension.id] = {
                    "name": dimension.name,
                    "grade": None,
                    "value": None,
                    "reason": str(reason),
                }
                continue
            grade = dimension.grade(values)
            points.append(self.points[grade])
            report = {
                "name": dimension.name,
                "grade": grade,
                "value": _report(values.get(dimension.value)),
            }
            for name, value in values.items():
                if name not in (dimension.value, "zero_tagged"):
                    report["areas" if name == "n" else name] = _report(value)
            if values.get("zero_tagged"):
                report["reason"] = "nothing Roma-relevant is tagged in the budget in force"
            dimensions[dimension.id] = report
        if len(points) >= self.min_scored_dimensions:
            with localcontext() as context:
                context.prec = 60
                mean = Decimal(sum(points)) / len(points)
                index = ((mean - 1) / 3 * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            grade = next(
                g["grade"]
                for g in self.overall_grades
                if g["min_mean"] is None or mean >= Decimal(g["min_mean"])
            )
            status = "scored"
        else:
            index = grade = None
            status = "insufficient_data"
        return {
            "methodology": self.id,
            "status": status,
            "index": index,
            "grade": grade,
            "dimensions": dimensions,
            "context": context_indicators(inputs),
        }


def _report(value):
    """Ratios as 4-decimal strings (half-up); counts stay integers."""
    if isinstance(value, Decimal):
        return str(value.quantize(RATIO, rounding=ROUND_HALF_UP))
    return value


def context_indicators(inputs: ScoreInputs) -> dict[str, str | None]:
    def ratio(a, b):
        if a is None or not b:
            return None
        return _report(_div(Decimal(a), Decimal(b)))

    equity = None
    if inputs.T_R is not None and inputs.roma_population and inputs.B_R and inputs.population:
        equity = _report(
            _div(
                _div(inputs.T_R, Decimal(inputs.roma_population)),
                _div(inputs.B_R, Decimal(inputs.population)),
            )
        )
    return {
        "tagged_share": ratio(inputs.T_R, inputs.B_R),
        "roma_population_share": ratio(inputs.roma_population, inputs.population),
        "equity_ratio": equity,
        "tagged_per_roma_resident": ratio(inputs.T_R, inputs.roma_population),
        "total_execution": ratio(inputs.B_E, inputs.B_R),
    }


def load_methods(extra_dirs: list[str] | None = None) -> dict[str, Method]:
    """Every method file: the project's own and those of configured folders."""
    methods = {}
    for folder in [METHODS_DIR, *(Path(d) for d in extra_dirs or [])]:
        for path in sorted(folder.glob("*.json")):
            method = Method.from_file(path)
            methods[method.id] = method
    return methods
