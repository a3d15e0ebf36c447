"""A local stand-in for the NPPES NPI Registry API v2.1, for tests.

It speaks the registry's protocol (GET /api/?version=2.1&taxonomy_description=...
&postal_code=... with `*` wildcards, city/state, limit, skip; JSON answers with
result_count/results, and HTTP 200 {"Errors": [...]} for bad queries) over a
small fixed data set, records every query, and can be switched to fail.
Runs in a background thread so that servers in other processes can reach it.
"""

from __future__ import annotations

import asyncio
from typing import Dict, List, Optional

from aiohttp import web

from tests.fakes.threaded_server import ThreadedAiohttpServer


def _provider(
    npi,
    first,
    last,
    credential,
    desc,
    street,
    city,
    state,
    zip9,
    phone,
    status="A",
):
    return {
        "number": npi if npi % 2 else str(npi),  # the registry sends both int and str
        "enumeration_type": "NPI-1",
        "basic": {
            "first_name": first,
            "last_name": last,
            "credential": credential,
            "status": status,
            "sex": "F",
        },
        "addresses": [
            {
                "address_purpose": "MAILING",
                "address_1": "PO Box 1",
                "city": city,
                "state": state,
                "postal_code": zip9,
                "telephone_number": phone,
            },
            {
                "address_purpose": "LOCATION",
                "address_1": street,
                "city": city,
                "state": state,
                "postal_code": zip9,
                "telephone_number": phone,
            },
        ],
        "taxonomies": [
            {"code": "X", "desc": desc, "primary": True, "state": state, "license": "1"}
        ],
        "identifiers": None,
        "other_names": None,
    }


PROVIDERS: List[dict] = [
    _provider(
        1000000001,
        "AMARA",
        "OKAFOR",
        "MD",
        "Cardiovascular Disease",
        "75 Francis St",
        "BOSTON",
        "MA",
        "021155000",
        "6175550101",
    ),
    _provider(
        1000000002,
        "LIAM",
        "BRENNAN",
        "MD, FACC",
        "Cardiovascular Disease",
        "330 Brookline Ave",
        "BOSTON",
        "MA",
        "02115",
        "617-555-0102",
    ),
    _provider(
        1000000003,
        "SOFIA",
        "ALVAREZ",
        "DO",
        "Cardiovascular Disease",
        "55 Fruit St",
        "BOSTON",
        "MA",
        "021142696",
        "6175550103",
    ),
    _provider(
        1000000004,
        "RETIRED",
        "DOCTOR",
        "MD",
        "Cardiovascular Disease",
        "1 Old Rd",
        "BOSTON",
        "MA",
        "02115",
        "6175550104",
        status="D",
    ),
    _provider(
        1000000005,
        "HANNAH",
        "WEISS",
        "MD",
        "Medical Oncology",
        "450 Brookline Ave",
        "BOSTON",
        "MA",
        "02215",
        "6175550105",
    ),
    _provider(
        1000000006,
        "DEV",
        "PATEL",
        "MD",
        "Orthopaedic Surgery",
        "10 Main St",
        "WORCESTER",
        "MA",
        "01608",
        "5085550106",
    ),
]


class FakeNpiRegistry(ThreadedAiohttpServer):
    def __init__(self, providers: Optional[List[dict]] = None):
        self.providers = providers if providers is not None else PROVIDERS
        self.queries: List[Dict[str, str]] = []
        self.mode = "ok"  # "ok" | "errors" (HTTP 200 Errors) | "http500" | "slow"
        self.slow_seconds = 10.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    @staticmethod
    def _zip_matches(wanted: str, actual: str) -> bool:
        actual = (actual or "")[:5]
        if wanted.endswith("*"):
            return actual.startswith(wanted[:-1])
        return actual == wanted[:5]

    def _matches(self, record: dict, query: Dict[str, str]) -> bool:
        taxonomy = query.get("taxonomy_description", "").lower()
        if taxonomy and not any(taxonomy in t["desc"].lower() for t in record["taxonomies"]):
            return False
        location = next(a for a in record["addresses"] if a["address_purpose"] == "LOCATION")
        if "postal_code" in query and not self._zip_matches(
            query["postal_code"], location["postal_code"]
        ):
            return False
        if "city" in query and query["city"].lower() != location["city"].lower():
            return False
        if "state" in query and query["state"].upper() != location["state"]:
            return False
        return True

    async def handle(self, request: web.Request) -> web.StreamResponse:
        query = dict(request.query)
        self.queries.append(query)
        if self.mode == "http500":
            return web.Response(status=500, text="Internal Server Error")
        if self.mode == "slow":
            await asyncio.sleep(self.slow_seconds)
        if self.mode == "errors" or query.get("version") != "2.1":
            return web.json_response(
                {"Errors": [{"description": "Invalid search", "field": "version", "number": "01"}]}
            )
        if not any(k in query for k in ("postal_code", "city", "state")):
            return web.json_response(
                {
                    "Errors": [
                        {
                            "description": "No valid search criteria",
                            "field": "generic",
                            "number": "04",
                        }
                    ]
                }
            )
        matches = [r for r in self.providers if self._matches(r, query)]
        skip, limit = int(query.get("skip", 0)), int(query.get("limit", 10))
        results = matches[skip : skip + limit]
        return web.json_response({"result_count": len(results), "results": results})

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/api/", self.handle)
