"""Checks of ``extract --engine ray`` made before any row runs: inputs, the cluster address, the columns.

Each raises ``ValueError`` with a message naming the option, the value and what is
valid; the command turns it into a usage error (exit status 2).
"""

from __future__ import annotations

import glob
import os
import socket
from typing import Any

from gliner2_integrations.cli.output import shown

CONNECT_TIMEOUT_S = 5.0  # how long a cluster address may take to accept a connection
LOCAL_ADDRESSES = ("auto", "local")
ADDRESS_FORMS = "'auto', HOST:PORT of the Ray head (e.g. 10.0.0.5:6379) or ray://HOST:PORT (e.g. ray://head:10001)"


def expand_inputs(files: list[str]) -> list[str]:
    """The inputs with local glob patterns expanded (sorted); remote URIs (``s3://``) as given.

    Raises:
        ValueError: For a pattern that matches no file.
    """
    expanded: list[str] = []
    for name in files:
        if "://" in name or name == "-" or not glob.has_magic(name):
            expanded.append(name)
            continue
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise ValueError(f"FILES: the pattern {shown(name)} matches no file")
        expanded.extend(matches)
    return expanded


def check_tables_exist(files: list[str]) -> None:
    """Every local JSONL/parquet input exists (Ray would fail on it only once running)."""
    for name in files:
        if "://" not in name and not os.path.exists(name):
            raise ValueError(f"FILES: no such file or folder {shown(name)}")


def check_address(address: str | None) -> str | None:
    """``address`` when it is well formed and, for HOST:PORT, accepts a connection within a few seconds.

    Raises:
        ValueError: For a malformed address (naming the valid forms) or one that cannot be reached
            (instead of Ray waiting for minutes).
    """
    if address is None or address in LOCAL_ADDRESSES:
        return address
    rest = address.removeprefix("ray://")
    host, sep, port_text = rest.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536 or "/" in host:
        raise ValueError(f"--address: got {address!r}; expected {ADDRESS_FORMS}")
    reason = _grpc_problem(host, int(port_text))
    if reason is not None:
        raise ValueError(
            f"--address: cannot reach a Ray head at {address!r} ({reason}); expected a running Ray head "
            "('ray start --head' prints its address; 'ray status' on the head shows it)"
        )
    return address


def _grpc_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` is not a gRPC server (Ray's head and client server are), or ``None``.

    Sends the HTTP/2 connection preface; a gRPC server answers with a SETTINGS frame at
    once. Anything else (refused, silent, another protocol) would keep ``ray.init`` waiting.
    """
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S) as connection:
            connection.sendall(_HTTP2_PREFACE + _EMPTY_SETTINGS)
            header = connection.recv(9)
    except TimeoutError:
        return f"no answer within {CONNECT_TIMEOUT_S:g} s"
    except OSError as err:
        return err.strerror or type(err).__name__
    if len(header) < 4 or header[3] != _SETTINGS_FRAME:
        return "it answers, but not as a Ray (gRPC) server"
    return None


_HTTP2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
_EMPTY_SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"  # length 0, type SETTINGS, no flags, stream 0
_SETTINGS_FRAME = 0x04


def check_columns(ds: Any, text_column: str, output_column: str, error_column: str) -> None:
    """The text column is among the input's columns, the output columns are not (read from its first block).

    Raises:
        ValueError: Naming the option, the column and the input's columns.
    """
    try:
        schema = ds.schema()
    except Exception:  # noqa: BLE001 - blocks Ray cannot unify: the run itself reports it, in one line
        return
    if schema is None:  # no rows at all
        return
    columns = sorted(schema.names)
    if text_column not in columns:
        raise ValueError(f"--text-column: got {text_column!r}; expected one of the input's columns {columns}")
    for option, name in (("--output-column", output_column), ("--error-column", error_column)):
        if name in columns:
            raise ValueError(
                f"{option}: got {name!r}, a column the input already has ({columns}); expected a new name, "
                "so that nothing is overwritten"
            )
