"""The HTTP transport's checks: DNS-rebinding protection kept on for every bind address, and the port.

The SDK turns DNS-rebinding protection on only for a loopback bind address, so
``--host 0.0.0.0`` would serve with it off and no word said. Here it stays on:
``Host`` headers naming loopback, the bind address or an allowed host pass; a bind
address other than loopback logs a warning. The port is checked (1-65535, free)
before the model loads.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from gliner2_core import SchemaError

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS: tuple[str, ...] = ("0.0.0.0", "::")
MAX_PORT = 65535


def transport_security(host: str, allowed_hosts: Sequence[str] = ()) -> Any:
    """DNS-rebinding protection for HTTP, kept on for every bind address.

    Requests are accepted when their ``Host`` header names a loopback address, ``host``
    itself (unless it is a wildcard such as ``0.0.0.0``) or one of ``allowed_hosts``,
    with any port. A bind address other than loopback logs a warning: the server is
    reachable from other machines and has no authentication.

    Raises:
        SchemaError: When ``host`` or an allowed host is not a host name or address.
    """
    from mcp.server.transport_security import TransportSecuritySettings

    _check_host_name("host", host)
    extra = [allowed_hosts] if isinstance(allowed_hosts, str) else list(allowed_hosts)
    for index, name in enumerate(extra):
        _check_host_name(f"allowed_hosts[{index}]", name)
    bound = [] if host in WILDCARD_HOSTS else [host]
    names = list(dict.fromkeys([*LOOPBACK_HOSTS, *bound, *extra]))
    if host not in LOOPBACK_HOSTS:
        _warn_exposed(host, names)
    hosts = [h for name in names for h in (bracketed(name), f"{bracketed(name)}:*")]
    origins = [f"{scheme}://{h}" for scheme in ("http", "https") for h in hosts]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def check_port(host: str, port: Any) -> None:
    """Refuse a port outside 1-65535 and one nothing can listen on, before the model loads.

    Raises:
        SchemaError: When ``port`` is not a whole number in 1-65535.
        OSError: When ``host:port`` cannot be listened on (in use, or not an address of this machine).
    """
    import socket

    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= MAX_PORT:
        raise SchemaError.invalid("port", port, f"a whole number from 1 to {MAX_PORT}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as err:
        reason = err.strerror or str(err)
        raise OSError(f"port: cannot listen on {host}:{port} ({reason}); expected a free port on an address of this machine") from err


def _check_host_name(where: str, name: Any) -> None:
    if not isinstance(name, str) or not name or any(c.isspace() or c in "/@?#" for c in name) or not name.isprintable():
        raise SchemaError.invalid(where, name, "a host name or IP address, e.g. 127.0.0.1, 0.0.0.0 or myhost.local")


def _warn_exposed(host: str, names: list[str]) -> None:
    accepted = ", ".join(names)
    if host in WILDCARD_HOSTS and list(names) == list(LOOPBACK_HOSTS):
        logger.warning(
            "MCP server listening on every interface (host %s) with DNS-rebinding protection on: requests are "
            "accepted only when their Host header is one of %s; pass --allowed-host NAME (allowed_hosts=) with the "
            "name or address clients use to reach this machine",
            host,
            accepted,
        )
        return
    logger.warning(
        "MCP server reachable from other machines on %s, with no authentication; DNS-rebinding protection stays on "
        "and accepts the Host headers %s",
        host,
        accepted,
    )


def bracketed(name: str) -> str:
    """An IPv6 address as it appears in a Host header (``[::1]``); other names unchanged."""
    return f"[{name}]" if ":" in name and not name.startswith("[") else name
