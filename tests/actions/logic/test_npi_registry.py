"""The NPI registry client against a local aiohttp server that answers like the registry."""

import asyncio
from typing import Callable, List, Optional

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from actions.logic import npi_registry
from actions.logic.npi_registry import (
    NpiRegistryClient,
    Provider,
    RegistryError,
    RegistryRejected,
    RegistryUnavailable,
    SearchResult,
)
from scripts.loopback import free_port


def record(
    npi=1234567890,
    first="JANE",
    middle="QUINCY",
    last="SMITH",
    credential="M.D.",
    status="A",
    taxonomies="default",
    addresses="default",
    **extra,
) -> dict:
    basic = {
        "first_name": first,
        "last_name": last,
        "status": status,
        "sex": "F",
        "enumeration_date": "2010-01-01",
        "sole_proprietor": "NO",
    }
    if middle is not None:
        basic["middle_name"] = middle
    if credential is not None:
        basic["credential"] = credential
    if taxonomies == "default":
        taxonomies = [
            {
                "code": "207RC0000X",
                "desc": "Cardiovascular Disease",
                "primary": True,
                "state": "MA",
                "license": "123",
            }
        ]
    if addresses == "default":
        addresses = [
            {
                "address_purpose": "MAILING",
                "address_1": "PO BOX 9",
                "city": "QUINCY",
                "state": "MA",
                "postal_code": "02169",
                "telephone_number": "617-555-0199",
                "country_code": "US",
            },
            {
                "address_purpose": "LOCATION",
                "address_1": "123 Main St",
                "address_2": "",
                "city": "Boston",
                "state": "MA",
                "postal_code": "02115",
                "telephone_number": "617-555-0100",
                "country_code": "US",
            },
        ]
    rec = {
        "number": npi,
        "enumeration_type": "NPI-1",
        "basic": basic,
        "taxonomies": taxonomies,
        "addresses": addresses,
        "identifiers": [],
        "other_names": [],
        "endpoints": [],
    }
    rec.update(extra)
    return rec


def page(*records) -> dict:
    return {"result_count": len(records), "results": list(records)}


class Registry:
    """A fake registry: `answer(query)` returns a web.Response (or a dict for JSON)."""

    def __init__(self):
        self.queries: List[dict] = []
        self.answer: Callable = lambda query: page()
        self.release = asyncio.Event()
        self.server: Optional[TestServer] = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.queries.append(dict(request.query))
        answer = self.answer(dict(request.query))
        if asyncio.iscoroutine(answer):
            answer = await answer
        if isinstance(answer, web.StreamResponse):
            return answer
        return web.json_response(answer)

    @property
    def url(self) -> str:
        return str(self.server.make_url("/api/"))


@pytest.fixture
async def registry():
    stub = Registry()
    app = web.Application()
    app.router.add_get("/api/", stub.handle)
    stub.server = TestServer(app, host="127.0.0.1")
    await stub.server.start_server()
    yield stub
    stub.release.set()
    await stub.server.close()


@pytest.fixture
async def client(registry):
    async with NpiRegistryClient(base_url=registry.url, timeout=2) as c:
        yield c


# --------------------------------------------------------------------------- normal answers


async def test_normal_result_and_exact_query(registry, client):
    registry.answer = lambda q: page(record())
    result = await client.search("Cardiovascular Disease", postal_code="02115")
    assert registry.queries == [
        {
            "version": "2.1",
            "enumeration_type": "NPI-1",
            "address_purpose": "LOCATION",
            "taxonomy_description": "Cardiovascular Disease",
            "postal_code": "02115",
            "limit": "5",
            "skip": "0",
        }
    ]
    assert isinstance(result, SearchResult)
    assert result.result_count == 1 and result.widened is None
    assert result.params == registry.queries[0]
    assert result.providers == [
        Provider(
            npi="1234567890",
            name="Jane Q. Smith, MD",
            specialty="Cardiovascular Disease",
            address="123 Main St, Boston, MA 02115",
            phone="617-555-0100",
        )
    ]


async def test_city_and_state_query(registry, client):
    await client.search("Neurology", city="Boston", state="ma", limit=10, skip=20)
    assert registry.queries == [
        {
            "version": "2.1",
            "enumeration_type": "NPI-1",
            "address_purpose": "LOCATION",
            "taxonomy_description": "Neurology",
            "city": "Boston",
            "state": "MA",
            "limit": "10",
            "skip": "20",
        }
    ]


async def test_bad_arguments_are_value_errors_and_send_nothing(registry, client):
    with pytest.raises(ValueError):
        await client.search("Neurology")  # no place
    with pytest.raises(ValueError):
        await client.search("Neurology", city="Boston")  # city without state
    with pytest.raises(ValueError):
        await client.search("Neurology", state="Massachusetts")  # not two letters
    with pytest.raises(ValueError):
        await client.search("Neurology", postal_code="0211")
    with pytest.raises(ValueError):
        await client.search("Neurology", postal_code="02115", limit=500)
    assert registry.queries == []


async def test_number_as_int_or_string(registry, client):
    registry.answer = lambda q: page(record(npi=1111111111), record(npi="2222222222"))
    result = await client.search("Cardiovascular Disease", postal_code="02115")
    assert [p.npi for p in result.providers] == ["1111111111", "2222222222"]


async def test_null_arrays(registry, client):
    registry.answer = lambda q: page(
        record(
            taxonomies=None,
            addresses=None,
            identifiers=None,
            other_names=None,
            endpoints=None,
            credential=None,
        )
    )
    result = await client.search("Cardiovascular Disease", postal_code="02115")
    [provider] = result.providers
    assert provider.name == "Jane Q. Smith"  # no credential, no trailing comma
    assert provider.specialty == "Cardiovascular Disease"  # the searched taxonomy as fallback
    assert provider.address == "" and provider.phone is None


async def test_deactivated_record_skipped(registry, client):
    registry.answer = lambda q: page(record(npi=1, status="D"), record(npi=2, last="JONES"))
    result = await client.search("Cardiovascular Disease", postal_code="02115")
    assert [p.npi for p in result.providers] == ["2"]
    assert result.result_count == 2


async def test_primary_taxonomy_first_address_nine_digit_zip_and_names(registry, client):
    taxonomies = [
        {"code": "207R00000X", "desc": "Internal Medicine", "primary": False},
        {"code": "207RC0000X", "desc": "Cardiovascular Disease", "primary": True},
    ]
    addresses = [
        {
            "address_purpose": "MAILING",
            "address_1": "1 MAIN ST",
            "address_2": "STE 4",
            "city": "WORCESTER",
            "state": "MA",
            "postal_code": "016051234",
            "telephone_number": "(508) 555 0123",
        }
    ]
    registry.answer = lambda q: page(
        record(
            taxonomies=taxonomies,
            addresses=addresses,
            first="MARY-ANN",
            middle=None,
            last="O'BRIEN",
            credential="D.O.",
        ),
        record(
            npi=2,
            taxonomies=[{"desc": "Internal Medicine"}, {"desc": "Hematology"}],
            addresses=[
                {
                    "address_purpose": "LOCATION",
                    "address_1": "9 Elm St",
                    "city": "Salem",
                    "state": "MA",
                    "postal_code": "01970-1234",
                    "telephone_number": "5085551",
                }
            ],
        ),
    )
    first, second = (await client.search("Cardiovascular Disease", postal_code="01605")).providers
    assert first.name == "Mary-Ann O'Brien, DO"
    assert first.specialty == "Cardiovascular Disease"
    assert first.address == "1 MAIN ST, STE 4, WORCESTER, MA 01605"
    assert first.phone == "508-555-0123"
    assert second.specialty == "Internal Medicine"  # no primary flag: the first one
    assert second.address == "9 Elm St, Salem, MA 01970"
    assert second.phone == "5085551"  # not 10 digits: as given


async def test_nine_digit_zip_argument_is_sent_as_five(registry, client):
    await client.search("Urology", postal_code="02115-1234")
    assert registry.queries[0]["postal_code"] == "02115"


@pytest.mark.parametrize(
    "text,found",
    [
        ("02115", "02115"),
        ("a cardiologist near 02115, please", "02115"),
        ("02115-1234", "02115"),
        ("021151234", "02115"),
        ("near 0211", None),
        ("0211567", None),  # seven digits: no ZIP code
        ("Springfield", None),
        ("", None),
        (None, None),
    ],
)
def test_find_zip_code(text, found):
    assert npi_registry.find_zip_code(text) == found


@pytest.mark.parametrize(
    "text,is_zip",
    [
        (" 02115 ", True),
        ("02115-1234", True),
        ("near 02115", False),
        ("021*", False),
        (None, False),
    ],
)
def test_is_zip_code(text, is_zip):
    assert npi_registry.is_zip_code(text) is is_zip


async def test_paging_with_skip(registry, client):
    everyone = [record(npi=1000000000 + i, last=f"DOC{i}") for i in range(7)]

    def answer(q):
        skip, limit = int(q["skip"]), int(q["limit"])
        return page(*everyone[skip : skip + limit])

    registry.answer = answer
    first = await client.search("Urology", postal_code="02115", limit=5)
    second = await client.search("Urology", postal_code="02115", limit=5, skip=5)
    assert [q["skip"] for q in registry.queries] == ["0", "5"]
    assert len(first.providers) == 5 and len(second.providers) == 2
    assert {p.npi for p in first.providers}.isdisjoint({p.npi for p in second.providers})
    assert second.params["skip"] == "5"


# --------------------------------------------------------------------------- widening


async def test_exact_place_found_is_not_widened(registry, client):
    registry.answer = lambda q: page(record())
    result = await client.find_specialists(
        "Cardiovascular Disease", postal_code="02115", state="MA"
    )
    assert result.widened is None and len(registry.queries) == 1


async def test_widens_to_zip_prefix(registry, client):
    registry.answer = lambda q: page(record()) if q.get("postal_code") == "021*" else page()
    result = await client.find_specialists(
        "Cardiovascular Disease", postal_code="02115", state="MA"
    )
    assert [q.get("postal_code") for q in registry.queries] == ["02115", "021*"]
    assert result.widened == "nearby ZIP codes 021*"
    assert result.params["postal_code"] == "021*" and len(result.providers) == 1


async def test_widens_to_state_after_zip_prefix(registry, client):
    registry.answer = lambda q: page(record()) if "state" in q else page()
    result = await client.find_specialists(
        "Cardiovascular Disease", postal_code="02115", state="MA"
    )
    assert [(q.get("postal_code"), q.get("state")) for q in registry.queries] == [
        ("02115", None),
        ("021*", None),
        (None, "MA"),
    ]
    assert result.widened == "all of MA" and len(result.providers) == 1


async def test_city_widens_to_state(registry, client):
    registry.answer = lambda q: page(record()) if "city" not in q else page()
    result = await client.find_specialists("Neurology", city="Springfield", state="MA")
    assert [q.get("city") for q in registry.queries] == ["Springfield", None]
    assert result.widened == "all of MA"


async def test_nothing_at_all(registry, client):
    result = await client.find_specialists(
        "Cardiovascular Disease", postal_code="02115", state="MA"
    )
    assert len(registry.queries) == 3
    assert result.providers == [] and result.result_count == 0
    # Without a state there is nothing to widen to after the ZIP prefix.
    registry.queries.clear()
    result = await client.find_specialists("Cardiovascular Disease", postal_code="02115")
    assert [q.get("postal_code") for q in registry.queries] == ["02115", "021*"]
    assert result.providers == []


async def test_paging_past_the_end_does_not_widen(registry, client):
    registry.answer = lambda q: page(record()) if q["skip"] == "0" else page()
    result = await client.find_specialists("Urology", postal_code="02115", state="MA", skip=5)
    assert result.providers == [] and result.widened is None
    assert all(q.get("postal_code") == "02115" for q in registry.queries)


async def test_paging_a_widened_search_stays_widened(registry, client):
    registry.answer = lambda q: page(record()) if q.get("postal_code") == "021*" else page()
    result = await client.find_specialists("Urology", postal_code="02115", state="MA", skip=5)
    assert result.widened == "nearby ZIP codes 021*" and result.params["skip"] == "5"


# --------------------------------------------------------------------------- errors


async def test_errors_body_is_rejected(registry, client):
    registry.answer = lambda q: {
        "Errors": [
            {
                "description": "Field postal_code requires at least 2 characters",
                "field": "postal_code",
                "number": "04",
            }
        ]
    }
    with pytest.raises(RegistryRejected) as caught:
        await client.search("Urology", postal_code="02115")
    assert caught.value.descriptions == ["Field postal_code requires at least 2 characters"]
    assert caught.value.errors[0]["field"] == "postal_code"
    assert isinstance(caught.value, RegistryError)
    assert len(registry.queries) == 1


async def test_http_500_is_unavailable_without_retry(registry, client):
    registry.answer = lambda q: web.Response(status=500, text="oops")
    with pytest.raises(RegistryUnavailable) as caught:
        await client.search("Urology", postal_code="02115")
    assert "500" in str(caught.value) and "02115" not in str(caught.value)
    assert len(registry.queries) == 1


async def test_http_404_is_unavailable(registry, client):
    registry.answer = lambda q: web.Response(status=404, text="not here")
    with pytest.raises(RegistryUnavailable):
        await client.search("Urology", postal_code="02115")


async def test_malformed_json_is_unavailable(registry, client):
    registry.answer = lambda q: web.Response(
        text='{"result_count": 1, "results": [', content_type="application/json"
    )
    with pytest.raises(RegistryUnavailable):
        await client.search("Urology", postal_code="02115")


async def test_slow_server_times_out_without_retry(registry):
    async def slow(q):
        try:
            await asyncio.wait_for(registry.release.wait(), 2)
        except asyncio.TimeoutError:
            pass
        return page(record())

    registry.answer = slow
    loop = asyncio.get_running_loop()
    async with NpiRegistryClient(base_url=registry.url, timeout=0.5) as client:
        started = loop.time()
        with pytest.raises(RegistryUnavailable) as caught:
            await client.search("Urology", postal_code="02115")
        elapsed = loop.time() - started
    assert 0.4 < elapsed < 1.5
    assert "timed out" in str(caught.value) and "02115" not in str(caught.value)
    assert len(registry.queries) == 1


async def test_connection_refused_is_unavailable_after_exactly_one_retry(monkeypatch):
    loop = asyncio.get_running_loop()
    attempts = []
    real_create_connection = loop.create_connection

    async def counting_create_connection(*args, **kwargs):
        attempts.append(args[1:3] if len(args) > 2 else (kwargs.get("host"), kwargs.get("port")))
        return await real_create_connection(*args, **kwargs)

    monkeypatch.setattr(loop, "create_connection", counting_create_connection)
    port = free_port()  # nothing listens here
    async with NpiRegistryClient(base_url=f"http://127.0.0.1:{port}/api/", timeout=2) as client:
        with pytest.raises(RegistryUnavailable) as caught:
            await client.search("Urology", postal_code="02115")
    assert len(attempts) == 2
    assert "02115" not in str(caught.value)


async def test_dropped_connections_are_retried_once():
    """A server that accepts and hangs up at once: two connections, then RegistryUnavailable."""
    connections = []

    async def hang_up(reader, writer):
        connections.append(1)
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with NpiRegistryClient(base_url=f"http://127.0.0.1:{port}/api/", timeout=2) as client:
            with pytest.raises(RegistryUnavailable):
                await client.search("Urology", postal_code="02115")
    finally:
        server.close()
        await server.wait_closed()
    assert len(connections) == 2


async def test_retry_recovers_when_the_second_attempt_works(registry):
    """The first connection is dropped, the retry reaches the (real) registry stub."""
    dropped = []

    async def proxy(reader, writer):
        if not dropped:
            dropped.append(1)
            writer.close()
            return
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", registry.server.port
        )

        async def pipe(src, dst):
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            finally:
                dst.close()

        await asyncio.gather(
            pipe(reader, upstream_writer), pipe(upstream_reader, writer), return_exceptions=True
        )

    registry.answer = lambda q: page(record())
    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with NpiRegistryClient(base_url=f"http://127.0.0.1:{port}/api/", timeout=2) as client:
            result = await client.search("Cardiovascular Disease", postal_code="02115")
    finally:
        server.close()
        await server.wait_closed()
    assert dropped == [1] and len(result.providers) == 1


# --------------------------------------------------------------------------- configuration


async def test_env_var_base_url_is_honoured(registry, monkeypatch):
    monkeypatch.setenv("NPPES_API_URL", registry.url)
    registry.answer = lambda q: page(record())
    async with NpiRegistryClient() as client:
        assert client.base_url == registry.url
        result = await client.search("Cardiovascular Disease", postal_code="02115")
    assert len(registry.queries) == 1 and len(result.providers) == 1


def test_default_base_url_and_timeout(monkeypatch):
    monkeypatch.delenv("NPPES_API_URL", raising=False)
    client = NpiRegistryClient()
    assert client.base_url == "https://npiregistry.cms.hhs.gov/api/"
    assert client.timeout == 5.0


async def test_one_session_per_client_and_close(registry):
    client = NpiRegistryClient(base_url=registry.url)
    await client.search("Urology", postal_code="02115")
    session = client._session
    await client.search("Urology", postal_code="02115")
    assert client._session is session
    await client.close()
    assert session.closed and client._session is None


async def test_query_values_not_logged_at_info(registry, client, caplog):
    registry.answer = lambda q: web.Response(status=503)
    caplog.set_level("INFO", logger=npi_registry.__name__)
    with pytest.raises(RegistryUnavailable):
        await client.find_specialists("Urology", postal_code="02115", city="Boston", state="MA")
    assert caplog.records  # the failure is logged ...
    assert all(
        "02115" not in r.getMessage() and "Boston" not in r.getMessage() for r in caplog.records
    )
