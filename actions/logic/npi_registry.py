"""Async client for the NPPES NPI Registry API v2.1 (finding individual specialists
near a place). Plain Python on aiohttp, independent of Rasa.

    async with NpiRegistryClient() as client:
        result = await client.find_specialists("Cardiovascular Disease", postal_code="02115")

The base URL comes from the NPPES_API_URL environment variable (read when the client is
created), else the public registry. Errors are RegistryUnavailable (timeouts, connection
failures after one retry, HTTP errors, invalid JSON) and RegistryRejected (the registry's
HTTP 200 {"Errors": [...]} validation answer). Error messages and INFO-level logs never
contain the query values (ZIP codes, cities, names).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import aiohttp

from actions.logic import i18n

logger = logging.getLogger(__name__)

ENV_VAR = "NPPES_API_URL"
DEFAULT_URL = "https://npiregistry.cms.hhs.gov/api/"
API_VERSION = "2.1"
DEFAULT_TIMEOUT = 5.0
MAX_LIMIT = 200
MAX_SKIP = 1000

# A US ZIP code, with or without its +4 part: "02115", "02115-1234", "021151234".
ZIP_CODE = re.compile(r"\b(\d{5})(?:-?\d{4})?\b")
_ZIP_WILDCARD = re.compile(r"^\d{2,5}\*$")
_STATE = re.compile(r"^[A-Za-z]{2}$")


class RegistryError(Exception):
    """Any failure to get an answer from the NPI registry."""


class RegistryUnavailable(RegistryError):
    """Timeout, connection failure, HTTP error or unreadable answer."""


class RegistryRejected(RegistryError):
    """The registry answered HTTP 200 with {"Errors": [...]} (it refused the query)."""

    def __init__(self, descriptions: List[str], errors: Optional[List[dict]] = None):
        self.descriptions = list(descriptions)
        self.errors = list(errors or [])
        detail = "; ".join(self.descriptions) or "no description"
        super().__init__(f"NPI registry rejected the query: {detail}")


@dataclass(frozen=True)
class Provider:
    npi: str
    name: str  # "Jane Q. Smith, MD"
    specialty: str  # primary taxonomy description
    address: str  # "123 Main St, Boston, MA 02115" (practice location)
    phone: Optional[str]  # "617-555-0100" when 10 digits


@dataclass
class SearchResult:
    providers: List[Provider]
    result_count: int  # records the registry returned for the last query (this page)
    widened: Optional[str] = None  # e.g. "nearby ZIP codes 021*", "all of MA"; None when exact
    params: Dict[str, str] = field(default_factory=dict)  # the query that produced these providers


def find_zip_code(text: Optional[str]) -> Optional[str]:
    """The first ZIP code in a text, as its five digits.

    Args:
        text: what the user typed, e.g. "a cardiologist near 02115-1234".

    Returns:
        "02115", or None when the text holds no ZIP code.
    """
    match = ZIP_CODE.search(text or "")
    return match.group(1) if match else None


def is_zip_code(text: Optional[str]) -> bool:
    """Whether the text is a ZIP code and nothing else (spaces around it aside)."""
    return bool(text and ZIP_CODE.fullmatch(text.strip()))


# --------------------------------------------------------------------------- parsing


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _name_case(value: str) -> str:
    """The registry stores names in capitals; show 'SMITH-JONES' as 'Smith-Jones'."""
    if value.isupper() or value.islower():
        return value.title()
    return value


def _credential(value: str) -> str:
    """Dots and spaces dropped inside each credential: 'M.D., Ph.D.' -> 'MD, PhD'."""
    parts = [re.sub(r"[.\s]", "", part) for part in value.split(",")]
    return ", ".join(part for part in parts if part)


def format_name(basic: dict) -> str:
    """A provider's name as people write it, from the record's `basic` part.

    Args:
        basic: the registry's names in capitals, credential, suffix.

    Returns:
        "Jane Q. Smith, MD"; "Name not listed" when the record has none.
    """
    first = _name_case(_text(basic.get("first_name")))
    middle = _name_case(_text(basic.get("middle_name")))
    last = _name_case(_text(basic.get("last_name")))
    suffix = _text(basic.get("name_suffix"))
    if suffix in ("--", "-"):
        suffix = ""
    words = [first, f"{middle[0].upper()}." if middle else "", last]
    if suffix:
        words.append(
            _name_case(suffix) if suffix.upper() not in ("II", "III", "IV") else suffix.upper()
        )
    name = " ".join(w for w in words if w)
    if not name:
        name = _name_case(_text(basic.get("name"))) or "Name not listed"
    credential = _credential(_text(basic.get("credential")))
    if credential and credential not in ("--", "-"):
        name = f"{name}, {credential}"
    return name


def format_phone(value: Any) -> Optional[str]:
    """A phone number as "617-555-0100" when it has 10 digits; else as given; None when empty."""
    raw = _text(value)
    if not raw:
        return None
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return raw


def format_zip(value: Any) -> str:
    """The five-digit ZIP code of a 5- or 9-digit value; other values as given."""
    raw = _text(value)
    digits = re.sub(r"\D", "", raw)
    if len(digits) in (5, 9):
        return digits[:5]
    return raw


def _pick_address(addresses: Optional[list]) -> Optional[dict]:
    items = [a for a in (addresses or []) if isinstance(a, dict)]
    for address in items:
        if _text(address.get("address_purpose")).upper() == "LOCATION":
            return address
    return items[0] if items else None


def format_address(address: Optional[dict]) -> str:
    """A registry address as "123 Main St, Boston, MA 02115"; "" when there is none."""
    if not address:
        return ""
    street = ", ".join(
        p for p in (_text(address.get("address_1")), _text(address.get("address_2"))) if p
    )
    region = " ".join(
        p
        for p in (_text(address.get("state")).upper(), format_zip(address.get("postal_code")))
        if p
    )
    return ", ".join(p for p in (street, _text(address.get("city")), region) if p)


def _is_primary(taxonomy: dict) -> bool:
    value = taxonomy.get("primary")
    return value is True or _text(value).lower() in ("true", "y", "yes")


def _primary_taxonomy(taxonomies: Optional[list]) -> Optional[dict]:
    items = [t for t in (taxonomies or []) if isinstance(t, dict)]
    for taxonomy in items:
        if _is_primary(taxonomy):
            return taxonomy
    return items[0] if items else None


def parse_provider(record: Any, searched_taxonomy: str = "") -> Optional[Provider]:
    """One registry record as a Provider; None for deactivated or unusable records."""
    if not isinstance(record, dict):
        return None
    basic = record.get("basic")
    if not isinstance(basic, dict):
        basic = {}
    status = _text(basic.get("status")).upper()
    if status and status != "A":
        return None
    npi = _text(record.get("number"))
    if not npi:
        return None
    taxonomy = _primary_taxonomy(record.get("taxonomies"))
    specialty = _text(taxonomy.get("desc")) if taxonomy else ""
    address = _pick_address(record.get("addresses"))
    return Provider(
        npi=npi,
        name=format_name(basic),
        specialty=specialty or searched_taxonomy,
        address=format_address(address),
        phone=format_phone(address.get("telephone_number")) if address else None,
    )


# --------------------------------------------------------------------------- client


def _normalise_zip(postal_code: Optional[str]) -> Optional[str]:
    if postal_code is None or not str(postal_code).strip():
        return None
    value = str(postal_code).strip()
    if is_zip_code(value):
        return find_zip_code(value)
    if _ZIP_WILDCARD.match(value):
        return value
    raise ValueError("postal_code must be a 5-digit ZIP code (or a ZIP prefix ending in '*')")


def _normalise_state(state: Optional[str]) -> Optional[str]:
    if state is None or not str(state).strip():
        return None
    value = str(state).strip()
    if not _STATE.match(value):
        raise ValueError("state must be a two-letter code")
    return value.upper()


class NpiRegistryClient:
    """One client = one aiohttp session (created on first use, closed by close())."""

    def __init__(self, base_url: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT):
        self.base_url = base_url or os.environ.get(ENV_VAR) or DEFAULT_URL
        self.timeout = float(timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    async def __aenter__(self) -> NpiRegistryClient:
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    # -- queries

    @staticmethod
    def build_params(
        taxonomy_description: str,
        postal_code: Optional[str] = None,
        city: Optional[str] = None,
        state: Optional[str] = None,
        limit: int = 5,
        skip: int = 0,
    ) -> Dict[str, str]:
        """The query string for one search.

        A ZIP code wins over city and state; a city needs a state. ValueError
        for a query the registry would refuse.
        """
        taxonomy_description = _text(taxonomy_description)
        if not taxonomy_description:
            raise ValueError("taxonomy_description is required")
        if not 1 <= int(limit) <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
        if not 0 <= int(skip) <= MAX_SKIP:
            raise ValueError(f"skip must be between 0 and {MAX_SKIP}")
        zip_code = _normalise_zip(postal_code)
        state_code = _normalise_state(state)
        city_name = _text(city)
        params = {
            "version": API_VERSION,
            "enumeration_type": "NPI-1",
            "address_purpose": "LOCATION",
            "taxonomy_description": taxonomy_description,
        }
        if zip_code:
            params["postal_code"] = zip_code
        elif city_name:
            if not state_code:
                raise ValueError("a city needs a two-letter state")
            params["city"] = city_name
            params["state"] = state_code
        elif state_code:
            params["state"] = state_code
        else:
            raise ValueError("a postal_code, or a city and state, or a state is required")
        params["limit"] = str(int(limit))
        params["skip"] = str(int(skip))
        return params

    async def _get_json(self, params: Dict[str, str]) -> Any:
        """GET with one retry on connection errors; the decoded JSON body."""
        session = self._get_session()
        for attempt in (1, 2):
            try:
                async with session.get(self.base_url, params=params) as response:
                    status = response.status
                    body = await response.read()
                break
            except asyncio.TimeoutError:
                # Also catches aiohttp.ServerTimeoutError (a ClientConnectionError too): no retry.
                logger.warning("NPI registry timed out after %.1f s", self.timeout)
                raise RegistryUnavailable(
                    f"NPI registry timed out after {self.timeout:g} s"
                ) from None
            except aiohttp.ClientConnectionError as exc:
                if attempt == 1:
                    logger.info(
                        "NPI registry connection failed (%s); retrying once", type(exc).__name__
                    )
                    continue
                logger.warning("NPI registry connection failed again (%s)", type(exc).__name__)
                raise RegistryUnavailable(
                    f"NPI registry could not be reached ({type(exc).__name__})"
                ) from None
            except aiohttp.ClientError as exc:
                logger.warning("NPI registry request failed (%s)", type(exc).__name__)
                raise RegistryUnavailable(
                    f"NPI registry request failed ({type(exc).__name__})"
                ) from None
        if status >= 400:
            logger.warning("NPI registry answered HTTP %s", status)
            raise RegistryUnavailable(f"NPI registry answered HTTP {status}")
        try:
            return json.loads(body)
        except ValueError:
            logger.warning("NPI registry answered with invalid JSON")
            raise RegistryUnavailable("NPI registry answered with invalid JSON") from None

    async def search(
        self,
        taxonomy_description: str,
        postal_code: Optional[str] = None,
        city: Optional[str] = None,
        state: Optional[str] = None,
        limit: int = 5,
        skip: int = 0,
    ) -> SearchResult:
        """One registry query for active individual providers at exactly this place."""
        params = self.build_params(taxonomy_description, postal_code, city, state, limit, skip)
        logger.debug("NPI registry query %s", params)
        data = await self._get_json(params)
        if not isinstance(data, dict):
            raise RegistryUnavailable("NPI registry answered with an unexpected JSON shape")
        errors = data.get("Errors")
        if errors:
            items = errors if isinstance(errors, list) else [errors]
            descriptions = [
                _text(e.get("description")) if isinstance(e, dict) else _text(e) for e in items
            ]
            raise RegistryRejected(
                [d for d in descriptions if d], [e for e in items if isinstance(e, dict)]
            )
        records = data.get("results") or []
        if not isinstance(records, list):
            raise RegistryUnavailable("NPI registry answered with an unexpected JSON shape")
        providers = [
            p for p in (parse_provider(r, params["taxonomy_description"]) for r in records) if p
        ]
        try:
            count = int(data["result_count"])
        except (KeyError, TypeError, ValueError):
            count = len(records)
        return SearchResult(providers=providers, result_count=count, widened=None, params=params)

    async def _has_matches(self, place: dict, taxonomy_description: str) -> bool:
        probe = await self.search(taxonomy_description, limit=1, skip=0, **place)
        return probe.result_count > 0 or bool(probe.providers)

    async def find_specialists(
        self,
        taxonomy_description: str,
        postal_code: Optional[str] = None,
        city: Optional[str] = None,
        state: Optional[str] = None,
        limit: int = 5,
        skip: int = 0,
    ) -> SearchResult:
        """Search the exact place; without matches, widen to the ZIP prefix (021*), then the state.

        Paging works at whichever level first has matches: with skip > 0, an empty page at a
        level that does have matches (checked with a one-record query) is the end of the list,
        not a reason to widen.
        """
        zip_code = _normalise_zip(postal_code)
        state_code = _normalise_state(state)
        levels: List[tuple] = [(None, {"postal_code": zip_code, "city": city, "state": state_code})]
        if zip_code and is_zip_code(zip_code):
            prefix = f"{zip_code[:3]}*"
            levels.append(
                (i18n.text("nearby ZIP codes {prefix}", prefix=prefix), {"postal_code": prefix})
            )
        if state_code and (zip_code or _text(city)):
            levels.append((i18n.text("all of {state}", state=state_code), {"state": state_code}))

        result: Optional[SearchResult] = None
        for widened, place in levels:
            result = await self.search(taxonomy_description, limit=limit, skip=skip, **place)
            result.widened = widened
            if result.result_count > 0 or result.providers:
                return result
            if skip > 0 and await self._has_matches(place, taxonomy_description):
                return result
        assert result is not None
        return result
