"""The comparison package's public names are pinned, and importing it stays light."""

from __future__ import annotations

import os
import subprocess
import sys

import gliner2_integrations.compare as compare_pkg

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_public_names_are_sorted_and_pinned():
    assert compare_pkg.__all__ == sorted(compare_pkg.__all__)
    assert compare_pkg.__all__ == [
        "BATCH_DISCOUNT",
        "ComparisonReport",
        "DEFAULT_CPU_PRICE_PER_HOUR",
        "DEFAULT_LLMS",
        "FieldAgreement",
        "GlinerCost",
        "LlmEstimate",
        "LlmMeasurement",
        "MachineInfo",
        "ModelPrice",
        "PRICES",
        "PRICES_AS_OF",
        "RequestSet",
        "TokenizerUnavailableError",
        "UnknownPriceError",
        "build_requests",
        "compare",
        "estimate_llm",
        "field_agreement",
        "load_prices",
        "machine_info",
        "measure_gliner",
        "measure_llm",
        "resolve_price",
    ]


def test_importing_the_package_loads_no_torch_langchain_tiktoken_or_matplotlib():
    code = (
        "import sys, gliner2_integrations.compare, gliner2_integrations.cli.compare\n"
        "print([m for m in ('torch', 'langchain_core', 'tiktoken', 'matplotlib', 'transformers') if m in sys.modules])"
    )
    env = dict(os.environ, PYTHONPATH=REPO_ROOT)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=60)
    assert out.stdout.strip() == "[]"
