"""The OpenAPI 3 description of /api/v1, kept next to the views it describes."""

from __future__ import annotations

AMOUNT = {
    "type": "string",
    "pattern": r"^\d+\.\d{2}$",
    "example": "10000.00",
    "description": "An exact amount with 2 decimals, as a string.",
}
ERROR = {"$ref": "#/components/schemas/Error"}


def _stage(extra: dict) -> dict:
    return {
        "type": ["object", "null"],
        "required": ["total", "tagged", *extra],
        "properties": {"total": AMOUNT, "tagged": AMOUNT, **extra},
    }


def _error(what: str) -> dict:
    return {"description": what, "content": {"application/json": {"schema": ERROR}}}


METHOD_PARAMETER = {"name": "method", "in": "query", "schema": {"type": "string"}}
NOT_SCORED = _error("Unknown jurisdiction or year, the national level, an unknown method.")
MALFORMED = _error(
    "A malformed request: a NUL character, text that is not UTF-8, a parameter of the wrong type."
)


# The groupings of the aggregate endpoint (the view and this description read the same list).
API_GROUPS = (
    "program",
    "activity",
    "economic",
    "source",
    "function",
    "unit",
    "area",
    "measure",
)


def openapi_document() -> dict:
    """The document; any operation may answer 400 to a request it cannot read."""
    document = _document()
    for operations in document["paths"].values():
        for operation in operations.values():
            operation["responses"].setdefault("400", MALFORMED)
    return document


CODE_PARAMETER = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "Jurisdiction code, e.g. RS-NIS.",
}
CURRENCY_PARAMETER = {
    "name": "currency",
    "in": "query",
    "required": False,
    "schema": {"type": "string"},
    "description": "EUR: every amount in euro, the exact local figure divided by the year's "
    "annual average rate (import exchange-rates; BAM is fixed at 1.95583), rounded half-up to "
    "cents at output. Absent or the local currency: local amounts. Ratios do not change.",
}
CONVERTED = {
    "local_currency": {"type": "string", "description": "Only in euro answers."},
    "exchange_rate": {
        "type": "object",
        "description": "Only in euro answers: the rate used.",
        "properties": {
            "currency": {"type": "string"},
            "year": {"type": "integer"},
            "per_eur": {"type": "string", "description": "Units of the currency per 1 EUR."},
            "source": {"type": ["string", "null"]},
        },
    },
}
NO_RATE = "No exchange rate for the jurisdiction's currency and year (named in the message)."
YEAR_PARAMETER = {
    "name": "year",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
    "description": "Fiscal year.",
}
SCORED_YEAR_PARAMETERS = [CODE_PARAMETER, YEAR_PARAMETER, METHOD_PARAMETER]
FILE_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    },
}
FILE_PROBLEMS = {
    "description": "The file breaks its format: nothing written; each problem with its row "
    "(1 = header, 0 = the file) and column.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error_count", "errors"],
                "properties": {
                    "error": {"type": "string"},
                    "message": {"type": "string"},
                    "status": {"const": 422},
                    "error_count": {"type": "integer"},
                    "errors": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["row", "column", "message"],
                            "properties": {
                                "row": {"type": "integer"},
                                "column": {"type": "string"},
                                "message": {"type": "string"},
                            },
                        },
                    },
                },
            }
        }
    },
}
UPLOADED_DOCUMENTS = {
    "type": "object",
    "required": ["dry_run", "documents"],
    "properties": {
        "dry_run": {"type": "boolean"},
        "documents": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "fiscal_year",
                    "stage",
                    "revision",
                    "as_of",
                    "lines",
                    "total",
                    "replaces",
                    "changes",
                ],
                "properties": {
                    "fiscal_year": {"type": "integer"},
                    "stage": {"enum": ["adopted", "revised", "executed"]},
                    "revision": {"type": "integer"},
                    "as_of": {"type": ["string", "null"], "format": "date"},
                    "lines": {"type": "integer"},
                    "total": AMOUNT,
                    "replaces": {"type": "boolean"},
                    "changes": {
                        "type": ["object", "null"],
                        "required": ["added", "removed", "changed", "total_before", "total_after"],
                        "properties": {
                            "added": {"type": "integer"},
                            "removed": {"type": "integer"},
                            "changed": {"type": "integer"},
                            "total_before": AMOUNT,
                            "total_after": AMOUNT,
                        },
                    },
                },
            },
        },
    },
}


FLAG_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
FLAG_ANSWER = {
    "description": "The flag.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Flag"}}},
}
VALIDATION = {
    "description": "Invalid fields: `errors` maps each field to a problem",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}},
}
LINE_KEY = {
    "type": "object",
    "properties": {
        code: {"type": "string"}
        for code in ("program", "activity", "function", "economic", "source", "unit")
    },
}
FLAG_TARGET = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"enum": ["line", "measure", "dimension", "year"]},
        "key": LINE_KEY,
        "code": {"type": "string"},
        "id": {"type": "string"},
    },
}


def _document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Roma responsive budgeting tracker API",
            "version": "1",
            "description": "Read endpoints need no sign-in. Amounts are strings with 2 decimals, "
            "ratios strings with 4 decimals.",
        },
        "paths": {
            "/api/v1/jurisdictions": {
                "get": {
                    "summary": "All jurisdictions",
                    "operationId": "listJurisdictions",
                    "responses": {
                        "200": {
                            "description": "Jurisdictions ordered by code.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Jurisdiction"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/summary": {
                "get": {
                    "summary": "Totals and tagged amounts of a fiscal year",
                    "description": "adopted: the budget decision; revised: the budget in force "
                    "(the highest rebalance, or the adopted budget with revision 0); "
                    "executed: the execution report with the latest as_of. Tagged "
                    "amounts count approved tags only.",
                    "operationId": "yearSummary",
                    "parameters": [CODE_PARAMETER, YEAR_PARAMETER, CURRENCY_PARAMETER],
                    "responses": {
                        "200": {
                            "description": "The summary.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Summary"}
                                }
                            },
                        },
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/tags": {
                "post": {
                    "summary": "Create or update a tag of a budget line",
                    "description": "One tag as JSON: the tags columns without jurisdiction and "
                    "fiscal_year (status is ignored). The same line key and measure "
                    "again updates that tag. Either way the tag becomes a draft.",
                    "operationId": "writeTag",
                    "security": [{"bearerToken": []}],
                    "parameters": [CODE_PARAMETER, YEAR_PARAMETER],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/TagInput"}
                            }
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "Created.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Tag"}}
                            },
                        },
                        "200": {
                            "description": "Updated.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Tag"}}
                            },
                        },
                        "401": _error("No or an invalid token."),
                        "403": _error("The token's user may not write tags there."),
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                        "409": {
                            "description": "`version` was given and the tag is no longer at "
                            "that version (changed, created or removed since): nothing saved; "
                            "`current` is the tag as it is now.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Conflict"}
                                }
                            },
                        },
                        "422": {
                            "description": "Invalid fields: `errors` maps each field to a problem",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ValidationError"}
                                }
                            },
                        },
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/documents": {
                "post": {
                    "summary": "Upload budget documents (CSV or XLSX in the budget format)",
                    "description": "The same checks as `import budget`; every row must name "
                    "{code}. All or nothing: each document replaces the stored one of the same "
                    "identity. With dry_run=1 the file is checked and compared, nothing written.",
                    "operationId": "uploadDocuments",
                    "security": [{"bearerToken": []}],
                    "parameters": [
                        CODE_PARAMETER,
                        {"name": "dry_run", "in": "query", "schema": {"enum": ["0", "1"]}},
                    ],
                    "requestBody": FILE_BODY,
                    "responses": {
                        "201": {
                            "description": "Written.",
                            "content": {"application/json": {"schema": UPLOADED_DOCUMENTS}},
                        },
                        "200": {
                            "description": "Dry run: checked and compared, nothing written.",
                            "content": {"application/json": {"schema": UPLOADED_DOCUMENTS}},
                        },
                        "401": _error("No or an invalid token."),
                        "403": _error("The token's user may not write this jurisdiction's budget."),
                        "404": _error("Unknown jurisdiction."),
                        "413": _error("The file is larger than the server accepts."),
                        "422": FILE_PROBLEMS,
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/tags/file": {
                "post": {
                    "summary": "Upload tags (the tags format, or a filled tagging sheet)",
                    "description": "Rows of {code} and {year} only; rows without tag columns "
                    "are skipped, a row equal to its stored tag changes nothing, what is "
                    "written becomes a draft. All or nothing.",
                    "operationId": "uploadTags",
                    "security": [{"bearerToken": []}],
                    "parameters": [CODE_PARAMETER, YEAR_PARAMETER],
                    "requestBody": FILE_BODY,
                    "responses": {
                        "200": {
                            "description": "Written.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["created", "updated"],
                                        "properties": {
                                            "created": {"type": "integer"},
                                            "updated": {"type": "integer"},
                                        },
                                    }
                                }
                            },
                        },
                        "401": _error("No or an invalid token."),
                        "403": _error("The token's user may not write tags there."),
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                        "413": _error("The file is larger than the server accepts."),
                        "422": FILE_PROBLEMS,
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/measures": {
                "get": {
                    "summary": "Measures with their money and their indicators' progress",
                    "description": "Every measure of the jurisdiction (national or its own "
                    "action plan's) with an indicator or an approved tag in the year. progress "
                    "= (actual - baseline) / (target - baseline); expected = (year - baseline "
                    "year) / (target year - baseline year) clamped to 0..1; both null without "
                    "an actual value; status no_data, achieved, on_track or off_track.",
                    "operationId": "yearMeasures",
                    "parameters": [CODE_PARAMETER, YEAR_PARAMETER],
                    "responses": {
                        "200": {
                            "description": "The measures, by code.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/MeasureProgress"},
                                    }
                                }
                            },
                        },
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                    },
                }
            },
            "/api/v1/flags": {
                "post": {
                    "summary": "Flag a line, a measure, a score dimension or a year",
                    "description": "Monitors and admins; at most 20 flags an hour per person "
                    "(web and API together). Plain text, 1 to 2,000 characters, no HTML.",
                    "operationId": "createFlag",
                    "security": [{"bearerToken": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/FlagInput"}
                            }
                        },
                    },
                    "responses": {
                        "201": FLAG_ANSWER,
                        "401": _error("No or an invalid token."),
                        "403": _error("Only monitors and admins open flags."),
                        "422": VALIDATION,
                        "429": _error("More than 20 flags in the hour."),
                    },
                }
            },
            "/api/v1/flags/{id}/answer": {
                "post": {
                    "summary": "Answer a flag",
                    "description": "The finance officer of the flag's jurisdiction, a reviewer "
                    "or an admin. `link` names the change the flag led to.",
                    "operationId": "answerFlag",
                    "security": [{"bearerToken": []}],
                    "parameters": [FLAG_ID],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {
                                        "text": {"type": "string", "maxLength": 2000},
                                        "link": {
                                            "type": ["object", "null"],
                                            "properties": {
                                                "type": {"enum": ["tag", "document"]},
                                                "id": {"type": "integer"},
                                            },
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": FLAG_ANSWER,
                        "401": _error("No or an invalid token."),
                        "403": _error("The token's user may not answer this flag."),
                        "404": _error("No such flag."),
                        "422": VALIDATION,
                    },
                }
            },
            "/api/v1/flags/{id}/moderate": {
                "post": {
                    "summary": "Hide or restore a flag (admins)",
                    "operationId": "moderateFlag",
                    "security": [{"bearerToken": []}],
                    "parameters": [FLAG_ID],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["action", "reason"],
                                    "properties": {
                                        "action": {"enum": ["hide", "restore"]},
                                        "reason": {"type": "string", "maxLength": 500},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": FLAG_ANSWER,
                        "401": _error("No or an invalid token."),
                        "403": _error("Only admins moderate."),
                        "404": _error("No such flag."),
                        "422": VALIDATION,
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/flags": {
                "get": {
                    "summary": "The public flags of a jurisdiction with their answers",
                    "operationId": "jurisdictionFlags",
                    "parameters": [
                        CODE_PARAMETER,
                        {"name": "year", "in": "query", "schema": {"type": "integer"}},
                        {"name": "status", "in": "query", "schema": {"enum": ["open", "answered"]}},
                    ],
                    "responses": {
                        "200": {
                            "description": "Newest first; hidden flags left out.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Flag"},
                                    }
                                }
                            },
                        },
                        "404": _error("Unknown jurisdiction."),
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/aggregate": {
                "get": {
                    "summary": "Amounts by classification code, measure or area",
                    "description": "For group program, activity, economic, source or function: the "
                    "total and the approved tagged amount of each code. For measure "
                    "or area: what approved tags link there (tagged only, total null; "
                    'tags without a measure under key ""). A row per key with any '
                    "amount in any stage; a stage without a document is null.",
                    "operationId": "aggregate",
                    "parameters": [
                        CODE_PARAMETER,
                        YEAR_PARAMETER,
                        {
                            "name": "group",
                            "in": "query",
                            "required": True,
                            "schema": {"enum": list(API_GROUPS)},
                        },
                        {
                            "name": "as_of",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "format": "date"},
                            "description": "The execution report as of this date, not the latest.",
                        },
                        CURRENCY_PARAMETER,
                    ],
                    "responses": {
                        "200": {
                            "description": "The rows.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Aggregate"}
                                }
                            },
                        },
                        "400": _error("Unknown group, or a currency other than local or EUR."),
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                        "422": _error(NO_RATE),
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/lines": {
                "get": {
                    "summary": "Budget lines with every stage's amount and tagged amount",
                    "description": "Stages: adopted, revision:N for each rebalance, revised (the "
                    "budget in force), executed (the latest report) and executed:DATE "
                    "for each execution report. Tagged amounts count approved tags.",
                    "operationId": "lines",
                    "parameters": [
                        CODE_PARAMETER,
                        YEAR_PARAMETER,
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {
                            "name": "per_page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
                        },
                        {"name": "program", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "economic",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "An economic account or its first digits.",
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Text in the description (either script).",
                        },
                        {"name": "tagged", "in": "query", "schema": {"enum": ["yes", "no"]}},
                        {
                            "name": "unit",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Only the lines of this budget user (empty: those "
                            "without one).",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "One page of lines.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/LinePage"}
                                }
                            },
                        },
                        "400": _error("Invalid paging."),
                        "404": _error("Unknown jurisdiction, or no documents in that year."),
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/score": {
                "get": {
                    "summary": "The RRB index of a jurisdiction-year",
                    "description": "Six dimensions graded A-D and an index from 0 to 100 (method "
                    "rrb-v1 unless ?method= names another). Ratios are 4-decimal "
                    "strings rounded half-up; grades compare unrounded values. Fewer "
                    "than 4 scored dimensions give status insufficient_data.",
                    "operationId": "score",
                    "parameters": SCORED_YEAR_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "The score.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Score"}
                                }
                            },
                        },
                        "404": NOT_SCORED,
                    },
                }
            },
            "/api/v1/jurisdictions/{code}/years/{year}/peers": {
                "get": {
                    "summary": "The peer group of a jurisdiction-year",
                    "description": "The scored jurisdictions of the same country, kind and size "
                    "class (by population: lt20k, 20k-50k, 50k-100k, ge100k), itself included; "
                    "with fewer than 3 members the same country and kind (widened).",
                    "operationId": "peers",
                    "parameters": SCORED_YEAR_PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "The group.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Peers"}
                                }
                            },
                        },
                        "404": NOT_SCORED,
                    },
                }
            },
            "/api/v1/scores": {
                "get": {
                    "summary": "The scores of every scored jurisdiction of a year, best first",
                    "operationId": "scores",
                    "parameters": [
                        {
                            "name": "year",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {"name": "method", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "country",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Only the jurisdictions of this country, e.g. RS.",
                        },
                        {
                            "name": "currency",
                            "in": "query",
                            "schema": {"enum": ["EUR"]},
                            "description": "EUR: the amount per Roma resident in euro (from the "
                            "exact tagged amount). Indexes, grades and ratios do not change.",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The scores.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Score"},
                                    }
                                }
                            },
                        },
                        "400": _error("No year given, or not a whole number; a currency not EUR."),
                        "404": _error("An unknown method."),
                        "422": _error(NO_RATE),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3 document."}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `flask users token EMAIL` or the account page.",
                }
            },
            "schemas": {
                "ValidationError": {
                    "type": "object",
                    "required": ["error", "status", "errors"],
                    "properties": {
                        "error": {"type": "string"},
                        "status": {"const": 422},
                        "message": {"type": "string"},
                        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                },
                "TagInput": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["economic", "relevance"],
                    "properties": {
                        **{
                            code: {"type": ["string", "null"]}
                            for code in ("program", "activity", "function", "source", "unit")
                        },
                        "economic": {"type": "string"},
                        "measure": {"type": ["string", "null"], "description": "Measure code."},
                        "relevance": {"enum": ["targeted", "mainstream"]},
                        "share": {
                            "type": ["string", "number", "null"],
                            "description": "1 or empty for targeted; 0 < share < 1 with at most "
                            "4 decimals for mainstream, or derived from the "
                            "beneficiary counts when empty.",
                        },
                        "beneficiaries_total": {"type": ["integer", "null"], "minimum": 0},
                        "beneficiaries_roma": {"type": ["integer", "null"], "minimum": 0},
                        "beneficiaries_roma_women": {"type": ["integer", "null"], "minimum": 0},
                        "justification": {"type": ["string", "null"], "maxLength": 5000},
                        "status": {"description": "Ignored."},
                        "version": {
                            "type": ["integer", "null"],
                            "minimum": 0,
                            "description": "The tag's version as read (0: no tag was there); "
                            "given, the write is refused with 409 if the tag changed since.",
                        },
                    },
                },
                "Tag": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        **{
                            code: {"type": "string"}
                            for code in ("program", "activity", "function", "economic", "source")
                        },
                        "unit": {
                            "type": "string",
                            "description": "The budget user; only where the key has one.",
                        },
                        "measure": {"type": ["string", "null"]},
                        "relevance": {"enum": ["targeted", "mainstream"]},
                        "share": {"type": "string", "pattern": r"^\d\.\d{4}$"},
                        "beneficiaries_total": {"type": ["integer", "null"]},
                        "beneficiaries_roma": {"type": ["integer", "null"]},
                        "beneficiaries_roma_women": {"type": ["integer", "null"]},
                        "justification": {"type": ["string", "null"]},
                        "status": {"enum": ["draft", "submitted", "approved", "returned"]},
                        "version": {"type": "integer", "minimum": 1},
                    },
                },
                "MeasureProgress": {
                    "type": "object",
                    "required": [
                        "code",
                        "title",
                        "area",
                        "level",
                        "tagged",
                        "indicators",
                        "signals",
                    ],
                    "properties": {
                        "code": {"type": "string"},
                        "title": {"type": "string"},
                        "area": {"type": "string"},
                        "level": {"enum": ["national", "local"]},
                        "tagged": {
                            "type": "object",
                            "properties": {
                                s: {"type": ["string", "null"], "pattern": r"^-?\d+\.\d{2}$"}
                                for s in ("adopted", "in_force", "executed")
                            },
                        },
                        "indicators": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": [
                                    "code",
                                    "name",
                                    "unit",
                                    "baseline",
                                    "target",
                                    "actual",
                                    "progress",
                                    "expected",
                                    "status",
                                ],
                                "properties": {
                                    "code": {"type": "string"},
                                    "name": {"type": "string"},
                                    "unit": {"enum": ["percent", "number", "ratio"]},
                                    "baseline": {"type": "object"},
                                    "target": {"type": "object"},
                                    "actual": {"type": ["object", "null"]},
                                    "progress": {"type": ["string", "null"]},
                                    "expected": {"type": ["string", "null"]},
                                    "status": {
                                        "enum": ["no_data", "achieved", "on_track", "off_track"]
                                    },
                                },
                            },
                        },
                        "signals": {
                            "type": "array",
                            "items": {
                                "enum": [
                                    "spending_without_indicator",
                                    "funded_off_track",
                                    "no_funding",
                                ]
                            },
                        },
                    },
                },
                "FlagInput": {
                    "type": "object",
                    "required": ["jurisdiction", "fiscal_year", "target", "category", "text"],
                    "properties": {
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        "target": FLAG_TARGET,
                        "category": {
                            "enum": [
                                "not_executed",
                                "cut",
                                "mistagged",
                                "missing_tag",
                                "data_error",
                                "other",
                            ]
                        },
                        "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                    },
                },
                "Flag": {
                    "type": "object",
                    "required": [
                        "id",
                        "fiscal_year",
                        "target",
                        "category",
                        "text",
                        "status",
                        "created_at",
                        "author",
                        "answer",
                    ],
                    "properties": {
                        "id": {"type": "integer"},
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        "target": FLAG_TARGET,
                        "category": {"type": "string"},
                        "text": {"type": "string"},
                        "status": {"enum": ["open", "answered"]},
                        "created_at": {"type": "string", "format": "date-time"},
                        "author": {"type": "string"},
                        "author_kind": {"enum": ["cso", "council_opinion", "admin"]},
                        "hidden": {"type": "boolean"},
                        "answer": {
                            "type": ["object", "null"],
                            "properties": {
                                "text": {"type": "string"},
                                "answered_at": {"type": "string", "format": "date-time"},
                                "link": {"type": ["object", "null"]},
                            },
                        },
                    },
                },
                "Conflict": {
                    "type": "object",
                    "required": ["error", "message", "status", "current"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                        "status": {"const": 409},
                        "current": {
                            "oneOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "null"}]
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "message", "status"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                        "status": {"type": "integer"},
                    },
                },
                "Jurisdiction": {
                    "type": "object",
                    "required": [
                        "code",
                        "name",
                        "kind",
                        "country",
                        "currency",
                        "population",
                        "roma_population",
                    ],
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "name_en": {"type": ["string", "null"]},
                        "kind": {"enum": ["national", "city", "municipality", "city_municipality"]},
                        "country": {"type": "string"},
                        "currency": {"type": "string"},
                        "population": {"type": ["integer", "null"]},
                        "roma_population": {"type": ["integer", "null"]},
                        "parent": {"type": ["string", "null"]},
                    },
                },
                "StageAmounts": {
                    "type": ["object", "null"],
                    "properties": {"total": {"type": ["string", "null"]}, "tagged": AMOUNT},
                },
                "Aggregate": {
                    "type": "object",
                    "required": ["group", "rows"],
                    "properties": {
                        "group": {"type": "string"},
                        "currency": {"type": "string", "description": "Only in euro answers."},
                        **CONVERTED,
                        "rows": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["key", "label", "adopted", "revised", "executed"],
                                "properties": {
                                    "key": {"type": "string"},
                                    "label": {"type": "string"},
                                    "adopted": {"$ref": "#/components/schemas/StageAmounts"},
                                    "revised": {"$ref": "#/components/schemas/StageAmounts"},
                                    "executed": {"$ref": "#/components/schemas/StageAmounts"},
                                },
                            },
                        },
                    },
                },
                "LinePage": {
                    "type": "object",
                    "properties": {
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        "currency": {"type": "string"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "stages": {"type": "array", "items": {"type": "string"}},
                        "lines": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    **{
                                        code: {"type": "string"}
                                        for code in (
                                            "program",
                                            "activity",
                                            "function",
                                            "economic",
                                            "source",
                                            "unit",
                                            "description",
                                        )
                                    },
                                    "stages": {
                                        "type": "object",
                                        "additionalProperties": {
                                            "$ref": "#/components/schemas/StageAmounts"
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
                "Peers": {
                    "type": "object",
                    "required": [
                        "group",
                        "widened",
                        "members",
                        "scored",
                        "higher",
                        "median_index",
                    ],
                    "properties": {
                        "group": {
                            "type": "object",
                            "required": ["country", "kind", "size_class"],
                            "properties": {
                                "country": {"type": "string"},
                                "kind": {"type": "string"},
                                "size_class": {
                                    "enum": ["lt20k", "20k-50k", "50k-100k", "ge100k", None]
                                },
                            },
                        },
                        "widened": {"type": "boolean"},
                        "members": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": "Codes, best index first.",
                        },
                        "scored": {"type": "integer", "description": "Members with an index."},
                        "higher": {
                            "type": "integer",
                            "description": "Members with a strictly greater index.",
                        },
                        "median_index": {
                            "type": ["string", "null"],
                            "pattern": r"^\d+\.\d$",
                            "example": "44.4",
                        },
                    },
                },
                "Score": {
                    "type": "object",
                    "required": [
                        "jurisdiction",
                        "fiscal_year",
                        "methodology",
                        "status",
                        "index",
                        "grade",
                        "dimensions",
                        "context",
                    ],
                    "properties": {
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        "methodology": {"type": "string", "example": "rrb-v1"},
                        "currency": {
                            "type": "string",
                            "description": "In the ranking: the currency of the context's amount "
                            "per Roma resident (the jurisdiction's own, or EUR).",
                        },
                        "status": {"enum": ["scored", "insufficient_data"]},
                        "index": {"type": ["number", "null"]},
                        "grade": {"enum": ["A", "B", "C", "D", None]},
                        "dimensions": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "properties": {
                                    "grade": {"enum": ["A", "B", "C", "D", None]},
                                    "value": {"type": ["string", "integer", "null"]},
                                    "reason": {"type": "string"},
                                },
                            },
                        },
                        "context": {
                            "type": "object",
                            "additionalProperties": {"type": ["string", "null"]},
                        },
                        "computed_at": {"type": "string", "format": "date-time"},
                    },
                },
                "Summary": {
                    "type": "object",
                    "required": [
                        "jurisdiction",
                        "fiscal_year",
                        "currency",
                        "adopted",
                        "revised",
                        "executed",
                        "per_capita",
                    ],
                    "properties": {
                        "jurisdiction": {"type": "string"},
                        "fiscal_year": {"type": "integer"},
                        "currency": {"type": "string"},
                        **CONVERTED,
                        "adopted": _stage({}),
                        "revised": _stage({"revision": {"type": "integer"}}),
                        "executed": _stage({"as_of": {"type": "string", "format": "date"}}),
                        "per_capita": {
                            "type": "object",
                            "required": ["total", "tagged_per_roma_resident"],
                            "description": "The budget in force per resident and its tagged "
                            "amount per Roma resident; null without a population.",
                            "properties": {
                                "total": {**AMOUNT, "type": ["string", "null"]},
                                "tagged_per_roma_resident": {**AMOUNT, "type": ["string", "null"]},
                            },
                        },
                    },
                },
            },
        },
    }
