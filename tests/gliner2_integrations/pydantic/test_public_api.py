"""The public API is small, sorted and pinned."""

from __future__ import annotations

import gliner2_integrations
import gliner2_integrations.pydantic as pydantic_integration


def test_pydantic_integration_public_names_are_pinned():
    assert pydantic_integration.__all__ == [
        "ExtractionResult",
        "ExtractionValidationError",
        "MissingPolicy",
        "ModelSchema",
        "UnsupportedModelError",
        "extract_model",
        "field_options",
        "model_options",
        "partial_model",
        "schema_for",
        "to_result",
    ]


def test_package_root_re_exports_pydantic_names_lazily():
    assert gliner2_integrations.__all__ == sorted(gliner2_integrations.__all__)
    for name in gliner2_integrations.__all__:
        assert getattr(gliner2_integrations, name) is getattr(pydantic_integration, name)


def test_exceptions_share_the_package_root_and_match_builtins():
    from gliner2_core import GLiNER2Error

    assert issubclass(pydantic_integration.UnsupportedModelError, (GLiNER2Error, TypeError))
    assert issubclass(pydantic_integration.ExtractionValidationError, GLiNER2Error)
    assert issubclass(pydantic_integration.ExtractionValidationError, ValueError)
