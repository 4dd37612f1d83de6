"""A Model Context Protocol server for GLiNER2 (``gliner2-kit mcp``), on the official ``mcp`` SDK.

Agents call ``extract_entities``, ``classify_text``, ``extract_json`` and
``extract``; every result carries ``start``/``end`` character offsets and a
``confidence`` as structured content. See :mod:`.server`.

Importing this package imports neither torch nor the ``mcp`` SDK.
"""

from gliner2_integrations.mcp.json_schema import structure_from_json_schema
from gliner2_integrations.mcp.server import TRANSPORTS, ExtractionTools, build_server, serve

__all__ = ["TRANSPORTS", "ExtractionTools", "build_server", "serve", "structure_from_json_schema"]
