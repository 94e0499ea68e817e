"""E-forms (biểu mẫu điện tử): Form.io schemas on procedure cases, submitted data validated.

>>> from vn_egov.services.forms import EForm
>>> EForm.model_validate({"components": []}).fields()
[]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.forms.formio import (
        Component,
        EForm,
        FieldRules,
        Option,
        load_form,
        render_lines,
        validate_data,
    )

_EXPORTS = {
    "Component": "formio",
    "EForm": "formio",
    "FieldRules": "formio",
    "Option": "formio",
    "load_form": "formio",
    "render_lines": "formio",
    "validate_data": "formio",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "Component",
    "EForm",
    "FieldRules",
    "Option",
    "load_form",
    "render_lines",
    "validate_data",
]
