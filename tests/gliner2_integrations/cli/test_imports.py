"""``MODULE:NAME`` options resolve from the current directory, with clear errors."""

from __future__ import annotations

import sys

import pytest

from gliner2_integrations.cli._imports import import_object


def test_a_module_in_the_current_directory_is_importable(tmp_path, monkeypatch):
    (tmp_path / "my_schemas_for_cli_test.py").write_text("class Invoice:\n    class Line:\n        pass\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    monkeypatch.delitem(sys.modules, "my_schemas_for_cli_test", raising=False)
    assert import_object("my_schemas_for_cli_test:Invoice.Line", "--model").__name__ == "Line"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("schemas", "expected MODULE:NAME"),
        ("no_such_module_xyz:Invoice", "ModuleNotFoundError"),
        ("json:Nope", "AttributeError"),
    ],
)
def test_a_bad_spec_names_the_option_and_the_value(spec, message):
    with pytest.raises(ValueError, match=message) as caught:
        import_object(spec, "--chat-model")
    assert "--chat-model" in str(caught.value) and repr(spec) in str(caught.value)
