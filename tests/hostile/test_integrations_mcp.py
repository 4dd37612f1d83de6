"""Hostile inputs against the MCP server (``gliner2-kit mcp``, the real ``mcp`` SDK, the bundled model).

* Over stdio, every line that is not one valid JSON-RPC message (a lone surrogate escape,
  a batch array, very deep nesting, NaN, garbage) gets a JSON-RPC error reply, with the
  request's id when it has one, and the server keeps serving.
* Tool arguments: ``threshold: true`` is refused (a bool is not a number); JSON Schemas with
  ``enum: "red"``, ``enum: 5``, ``$defs`` of the wrong type get errors naming the property;
  ``allOf`` enums are intersected.
* Over HTTP, DNS-rebinding protection stays on for ``--host 0.0.0.0`` (with a warning), and a
  bad ``--port`` or ``--host`` is refused before the model loads.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import os
import select
import socket
import subprocess
import sys
import time

import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from gliner2_core import SchemaError
from gliner2_integrations.mcp import structure_from_json_schema
from gliner2_integrations.mcp.http import check_port, transport_security
from tests.conftest import REPO_ROOT

TEXT = "Angela Merkel met Emmanuel Macron in Berlin on Monday."
SERVER = [sys.executable, "-m", "gliner2_integrations.cli", "mcp"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO_ROOT)}
INIT = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "hostile", "version": "1"}},
}


def _call(request_id, arguments: str) -> str:
    """A tools/call line for extract_entities with ``arguments`` spliced in as raw JSON text."""
    return f'{{"jsonrpc":"2.0","id":{json.dumps(request_id)},"method":"tools/call","params":{{"name":"extract_entities","arguments":{arguments}}}}}'


DEEP = "[" * 100_000 + "]" * 100_000
# line sent -> (id of the reply, JSON-RPC error code, a piece of the message)
MALFORMED = {
    "lone-surrogate-escape": (_call(1, '{"text":"Tim \\ud800 Cook","labels":["person"]}'), 1, -32600, "lone surrogate"),
    "lone-low-surrogate-key": (_call("k", '{"\\udc00":1}'), "k", -32600, "lone surrogate"),
    "batch-array": (json.dumps([{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}]), 2, -32600, "batch"),
    "empty-batch": ("[]", None, -32600, "batch"),
    "deep-nesting": ('{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"a":' + DEEP + "}}", 3, -32600, "nested deeper"),
    "deep-nesting-id-last": ('{"jsonrpc":"2.0","method":"x","params":{"a":' + DEEP + '},"id":"z"}', "z", -32600, "nested deeper"),
    "nesting-just-too-deep": ('{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"a":' + "[" * 300 + "]" * 300 + "}}", 4, -32600, "nested deeper"),
    "garbage": ("this is not json", None, -32700, "Parse error"),
    "truncated": ('{"jsonrpc":"2.0","id":6,"method":', None, -32700, "Parse error"),
    "number": ("42", None, -32600, "JSON int"),
    "no-version": ('{"id":7,"method":"tools/list"}', 7, -32600, "jsonrpc"),
    "params-not-an-object": ('{"jsonrpc":"2.0","id":8,"method":"tools/list","params":5}', 8, -32600, "params"),
    "bool-id": ('{"jsonrpc":"2.0","id":true,"method":"tools/list"}', None, -32600, "id: got true; expected a string"),
    "fractional-id": ('{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}', None, -32600, "id: got 1.5; expected a string"),
    "invalid-utf8": (b"\xff\xfe{".decode("latin-1"), None, -32700, "Parse error"),
}


class RawServer:
    """The server process over raw stdin/stdout pipes: send a line, read a reply with a timeout."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO_ROOT, env=ENV
        )

    def send(self, line: str | bytes) -> None:
        data = line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass")
        self.process.stdin.write(data + b"\n")
        self.process.stdin.flush()

    def reply(self, timeout: float = 30.0) -> dict | None:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        return json.loads(self.process.stdout.readline()) if ready else None

    def close(self) -> tuple[int, str]:
        self.process.stdin.close()
        code = self.process.wait(30)
        return code, self.process.stderr.read().decode()


@pytest.fixture(scope="module")
def raw_replies():
    """Replies to every malformed line (in order), then to a valid call; the exit status and stderr."""
    server = RawServer()
    try:
        server.send(json.dumps(INIT))
        assert server.reply(180)["id"] == 0  # the model loads first
        server.send('{"jsonrpc":"2.0","method":"notifications/initialized"}')
        replies = {}
        for name, (line, *_) in MALFORMED.items():
            server.send(line.encode("latin-1") if name == "invalid-utf8" else line)
            replies[name] = server.reply()
        server.send("")  # a blank line asks nothing: no reply
        server.send(_call(98, '{"text":"a","labels":["person"],"threshold":NaN}'))  # the SDK reads NaN
        replies["nan-threshold"] = server.reply(60)
        server.send(_call(99, json.dumps({"text": TEXT, "labels": ["person"]})))
        after = server.reply(60)
    finally:
        code, stderr = server.close()
    return replies, after, code, stderr


@pytest.mark.parametrize(("line", "request_id", "code", "says"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_line_gets_a_json_rpc_error_reply_with_its_id(raw_replies, line, request_id, code, says):
    name = next(k for k, v in MALFORMED.items() if v[0] == line)
    reply = raw_replies[0][name]
    assert reply is not None, "no reply: the client would wait forever"
    assert reply["jsonrpc"] == "2.0" and reply["id"] == request_id
    assert reply["error"]["code"] == code
    assert says in reply["error"]["message"]


def test_a_nan_threshold_is_a_tool_error_naming_the_threshold(raw_replies):
    reply = raw_replies[0]["nan-threshold"]
    assert reply["id"] == 98 and reply["result"]["isError"]
    assert "threshold" in reply["result"]["content"][0]["text"]


def test_the_lone_surrogate_error_names_where_it_is(raw_replies):
    message = raw_replies[0]["lone-surrogate-escape"]["error"]["message"]
    assert message.startswith("Invalid request: message.params.arguments.text holds a lone surrogate '\\ud800' at character 4")


def test_the_server_keeps_serving_after_malformed_lines_and_exits_cleanly(raw_replies):
    _, after, code, stderr = raw_replies
    assert after["id"] == 99 and not after["result"]["isError"]
    assert [e["text"] for e in after["result"]["structuredContent"]["entities"]] == ["Angela Merkel", "Emmanuel Macron"]
    assert code == 0
    assert "Traceback" not in stderr
    assert stderr.count("malformed JSON-RPC message answered") == len(MALFORMED)  # one warning per reply


ENUM_SCHEMA = {"title": "Paint", "type": "object", "properties": {"colour": {"enum": "red"}}}
ALLOF_SCHEMA = {
    "title": "Meeting",
    "type": "object",
    "properties": {
        "city": {"allOf": [{"enum": ["Berlin", "Paris", "Rome"]}, {"enum": ["Rome", "Berlin"]}], "description": "a city"}
    },
}
TOOL_CALLS = {
    "threshold-true": ("extract_entities", {"text": TEXT, "labels": ["person"], "threshold": True}, "threshold"),
    "threshold-string": ("extract_entities", {"text": TEXT, "labels": ["person"], "threshold": "0.5"}, "threshold"),
    "classify-threshold-false": ("classify_text", {"text": TEXT, "labels": ["a", "b"], "threshold": False}, "threshold"),
    "multi-label-number": ("classify_text", {"text": TEXT, "labels": ["a", "b"], "multi_label": 1}, "multi_label"),
    "enum-string": ("extract_json", {"text": TEXT, "json_schema": ENUM_SCHEMA}, "json_schema.properties.colour.enum: got 'red'"),
    "enum-number": (
        "extract_json",
        {"text": TEXT, "json_schema": {"type": "object", "properties": {"c": {"enum": 5}}}},
        "json_schema.properties.c.enum: got 5",
    ),
    "defs-list": (
        "extract_json",
        {"text": TEXT, "json_schema": {"type": "object", "properties": {"c": {"$ref": "#/$defs/C"}}, "$defs": ["C"]}},
        "json_schema.$defs: got ['C']",
    ),
    "threshold-json-schema-true": (
        "extract_json",
        {"text": TEXT, "json_schema": ALLOF_SCHEMA, "threshold": True},
        "threshold",
    ),
}


async def _session(calls: list[tuple[str, dict]]) -> list:
    params = StdioServerParameters(command=SERVER[0], args=SERVER[1:], cwd=str(REPO_ROOT), env=ENV)
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        return [await session.call_tool(name, arguments) for name, arguments in calls]


@pytest.fixture(scope="module")
def tool_results():
    calls = [(name, arguments) for name, arguments, _ in TOOL_CALLS.values()]
    calls.append(("extract_json", {"text": TEXT, "json_schema": ALLOF_SCHEMA, "threshold": 0.0}))
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own (Playwright may hold this one)
        results = pool.submit(asyncio.run, _session(calls)).result()
    return dict(zip([*TOOL_CALLS, "allOf"], results, strict=True))


@pytest.mark.parametrize(("case", "says"), [(k, v[2]) for k, v in TOOL_CALLS.items()], ids=TOOL_CALLS.keys())
def test_a_bad_tool_argument_is_a_tool_error_naming_it(tool_results, case, says):
    result = tool_results[case]
    assert result.is_error
    assert says in result.content[0].text


def test_all_of_enums_are_intersected_so_only_shared_values_can_be_chosen(tool_results):
    result = tool_results["allOf"]
    assert not result.is_error
    [record] = result.structured_content["records"]
    assert [value["text"] for value in record["city"]] == ["Berlin"]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"enum": "red"}, "json_schema.properties.c.enum: got 'red'; expected a non-empty list"),
        ({"enum": 5}, "json_schema.properties.c.enum: got 5; expected a non-empty list"),
        ({"enum": []}, "json_schema.properties.c.enum: got []; expected a non-empty list"),
        ({"enum": [{"a": 1}]}, "json_schema.properties.c.enum value: got {'a': 1}; expected a string, number"),
        ({"type": "array", "items": {"enum": "ab"}}, "json_schema.properties.c.items.enum: got 'ab'"),
        ({"allOf": [{"enum": ["a"]}, {"enum": ["b"]}]}, "allOf: got [['a'], ['b']]; expected enums that share"),
        ({"allOf": [{"type": "string"}, {"type": "integer"}]}, "allOf: got ['integer', 'string']; expected parts of one type"),
        ({"allOf": {"enum": ["a"]}}, "json_schema.properties.c.allOf: got {'enum': ['a']}; expected a non-empty list"),
        ({"anyOf": "string"}, "json_schema.properties.c.anyOf: got 'string'; expected a non-empty list of schemas"),
        ({"type": "strng"}, "json_schema.properties.c.type: got 'strng'; expected one of ['string'"),
        ({"type": ["string", "integer"]}, "json_schema.properties.c.type: got ['string', 'integer']; expected one type"),
        ({"$ref": 5}, "json_schema.properties.c.$ref: got 5; expected a local reference"),
        ({"$ref": "https://example.com/s.json"}, "$ref: got 'https://example.com/s.json'; expected a local reference"),
    ],
)
def test_an_invalid_json_schema_property_is_a_clear_error(schema, message):
    with pytest.raises(SchemaError) as caught:
        structure_from_json_schema({"type": "object", "properties": {"c": schema}})
    assert message in str(caught.value)


@pytest.mark.parametrize("defs", [["C"], "C", 5, True])
def test_defs_of_the_wrong_type_are_a_clear_error(defs):
    schema = {"type": "object", "properties": {"c": {"$ref": "#/$defs/C"}}, "$defs": defs}
    with pytest.raises(SchemaError, match=r"json_schema\.\$defs: got .*; expected an object of named schemas"):
        structure_from_json_schema(schema)


@pytest.mark.parametrize(
    "defs",
    [{"A": {"$ref": "#/$defs/A"}}, {"A": {"allOf": [{"$ref": "#/$defs/A"}]}}, {"A": {"anyOf": [{"$ref": "#/$defs/A"}]}}],
    ids=["ref", "allOf", "anyOf"],
)
def test_a_reference_cycle_is_a_clear_error_not_a_recursion_error(defs):
    schema = {"type": "object", "properties": {"c": {"$ref": "#/$defs/A"}}, "$defs": defs}
    with pytest.raises(SchemaError, match="expected a schema without reference cycles"):
        structure_from_json_schema(schema)


def test_valid_schema_forms_are_read_nullable_type_lists_const_and_all_of():
    schema = {
        "title": "Order",
        "type": "object",
        "properties": {
            "size": {"type": ["string", "null"], "enum": ["S", "M", None]},
            "kind": {"const": "retail"},
            "flags": {"type": "array", "items": {"enum": [True, False]}},
            "colour": {"allOf": [{"$ref": "#/$defs/C"}, {"enum": ["red", "blue"]}]},
        },
        "$defs": {"C": {"type": "string", "enum": ["red", "green", "blue"]}},
    }
    name, out = structure_from_json_schema(schema)
    fields = {f["name"]: f for f in out["structures"][name]["fields"]}
    assert name == "order"
    assert fields["size"] == {"name": "size", "dtype": "str", "choices": ["S", "M"]}
    assert fields["kind"]["choices"] == ["retail"]
    assert fields["flags"] == {"name": "flags", "dtype": "list", "choices": ["true", "false"]}
    assert fields["colour"]["choices"] == ["red", "blue"]


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*SERVER, *args], capture_output=True, text=True, cwd=REPO_ROOT, env=ENV, timeout=timeout)


@pytest.mark.parametrize("port", ["70000", "0", "-1", "abc", "80.5", ""])
def test_a_bad_port_is_refused_with_the_valid_range(port):
    done = _cli("--transport", "streamable-http", "--port", port)
    assert done.returncode == 2
    assert f"argument --port: got {port!r}; expected a whole number from 1 to 65535" in done.stderr


def test_a_port_in_use_is_refused_before_the_model_loads():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        began = time.monotonic()
        done = _cli("--transport", "streamable-http", "--port", str(port))
    assert done.returncode == 2
    assert f"port: cannot listen on 127.0.0.1:{port} (" in done.stderr and "expected a free port" in done.stderr
    assert time.monotonic() - began < 8, "refused only after loading the model"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("host", ["bad host", "http://x", "a/b", ""])
def test_a_bad_host_is_refused_naming_it(host):
    done = _cli("--transport", "streamable-http", "--host", host)
    assert done.returncode == 2
    assert f"host: got {host!r}; expected a host name or IP address" in done.stderr


def test_check_port_refuses_non_integers_and_out_of_range_ports():
    for port in (True, 8000.0, "8000", 0, 65536):
        with pytest.raises(SchemaError, match=r"port: got .*; expected a whole number from 1 to 65535"):
            check_port("127.0.0.1", port)


def test_binding_every_interface_keeps_dns_rebinding_protection_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="gliner2_integrations.mcp.http"):
        settings = transport_security("0.0.0.0")
    assert settings.enable_dns_rebinding_protection
    assert "127.0.0.1:*" in settings.allowed_hosts and "[::1]:*" in settings.allowed_hosts
    assert not any(h.startswith("0.0.0.0") for h in settings.allowed_hosts)
    [record] = caplog.records
    assert "every interface (host 0.0.0.0) with DNS-rebinding protection on" in record.getMessage()
    assert "--allowed-host" in record.getMessage()


def test_a_non_loopback_host_is_allowed_with_its_allowed_hosts_and_warns(caplog):
    with caplog.at_level(logging.WARNING, logger="gliner2_integrations.mcp.http"):
        settings = transport_security("192.168.1.5", ["gpu-box.local"])
    assert {"192.168.1.5:*", "gpu-box.local", "gpu-box.local:*"} <= set(settings.allowed_hosts)
    assert "http://gpu-box.local:*" in settings.allowed_origins
    assert "reachable from other machines on 192.168.1.5, with no authentication" in caplog.records[0].getMessage()


def test_loopback_hosts_need_no_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="gliner2_integrations.mcp.http"):
        for host in ("127.0.0.1", "localhost", "::1"):
            assert transport_security(host).enable_dns_rebinding_protection
    assert caplog.records == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(port: int, host_header: str) -> int:
    import httpx

    body = {**INIT, "id": 1}
    headers = {"Host": host_header, "Accept": "application/json, text/event-stream"}
    return httpx.post(f"http://127.0.0.1:{port}/mcp", json=body, headers=headers, timeout=10).status_code


def test_serving_on_every_interface_refuses_a_foreign_host_header_and_accepts_loopback():
    port = _free_port()
    process = subprocess.Popen(
        [*SERVER, "--transport", "streamable-http", "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO_ROOT, env=ENV,
    )
    try:
        deadline = time.monotonic() + 180
        while True:  # the model loads, then uvicorn listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
        assert _post(port, "attacker.example") == 421
        assert _post(port, f"127.0.0.1:{port}") == 200
    finally:
        process.terminate()
        stderr = process.communicate(timeout=30)[1].decode()
    assert "listening on every interface (host 0.0.0.0) with DNS-rebinding protection on" in stderr
