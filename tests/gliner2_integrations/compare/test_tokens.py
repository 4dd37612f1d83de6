"""Offline token counting."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from gliner2_integrations.compare import tokens

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def test_token_counting_works_without_network_or_a_configured_cache():
    # A fresh interpreter with sockets disabled and TIKTOKEN_CACHE_DIR unset: the BPE files
    # must come from llama-index-core's bundled cache, and the variable must be restored.
    code = textwrap.dedent(
        """
        import os, socket
        def refuse(*args, **kwargs):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from gliner2_integrations.compare import tokens
        print(tokens.count_text("Tim Cook is the CEO of Apple.", "o200k_base"))
        print(tokens.count_text("hello world", "cl100k_base"))
        print(os.environ.get("TIKTOKEN_CACHE_DIR"))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "TIKTOKEN_CACHE_DIR"}
    env["PYTHONPATH"] = REPO_ROOT
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=120)
    o200k, cl100k, cache = out.stdout.split()
    assert 5 <= int(o200k) <= 12
    assert int(cl100k) == 2
    assert cache == "None"


def test_model_names_map_to_their_encodings():
    assert tokens.encoding_name("gpt-4o") == "o200k_base"
    assert tokens.encoding_name("gpt-4.1-nano") == "o200k_base"
    assert tokens.encoding_name("gpt-5-mini") == "o200k_base"
    assert tokens.encoding_name("gpt-4") == "cl100k_base"
    assert tokens.encoding_name("some-unknown-model") == "o200k_base"


def test_messages_cost_their_role_and_content_plus_framing_and_reply_priming():
    content = "Tim Cook is the CEO of Apple."
    expected = tokens.count_text("user") + tokens.count_text(content) + tokens.TOKENS_PER_MESSAGE
    assert tokens.count_messages([("user", content)]) == expected + tokens.REPLY_PRIMING_TOKENS


def test_special_token_text_in_user_input_is_counted_not_rejected():
    assert tokens.count_text("<|endoftext|>") > 1


def test_tool_call_output_is_compact_json_plus_overhead():
    args = {"name": "Tim Cook", "company": None}
    assert tokens.compact_json(args) == '{"name":"Tim Cook","company":null}'
    assert (
        tokens.count_tool_call(args) == tokens.count_text(tokens.compact_json(args)) + tokens.TOOL_CALL_OVERHEAD_TOKENS
    )
