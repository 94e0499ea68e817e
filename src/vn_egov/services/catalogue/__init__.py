"""Procedure catalogues: the canonical model, national-record import, XML/JSON/CPSV-AP output.

>>> from vn_egov.services.catalogue import Procedure
>>> Procedure(code="1.001193", name="Đăng ký khai sinh").code
'1.001193'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.catalogue.cpsv import (
        CONTEXT,
        CpsvExport,
        to_cpsv_jsonld,
    )
    from vn_egov.services.catalogue.importers import (
        ImportResult,
        detect_shape,
        import_catalogue,
        import_procedure,
        load_records,
    )
    from vn_egov.services.catalogue.levels import (
        LevelConversion,
        from_legacy,
        to_legacy,
    )
    from vn_egov.services.catalogue.models import (
        Agency,
        AgencyRole,
        Case,
        Catalogue,
        Channel,
        ChannelKind,
        DocumentRequirement,
        Fee,
        FeeKind,
        FieldOfActivity,
        ImplementationLevel,
        LegalBasis,
        LevelScheme,
        OnlineLevel,
        Procedure,
        ProcedureType,
        PublicationDecision,
        Publisher,
        Result,
        Step,
        Subject,
        TimeLimit,
        TimeUnit,
    )
    from vn_egov.services.catalogue.schemas import (
        JSON_SCHEMA_ID,
        catalogue_json_schema,
        catalogue_xsd,
        dossier_json_schema,
        write_schemas,
    )
    from vn_egov.services.catalogue.xml import (
        catalogue_from_xml,
        catalogue_to_xml,
        model_to_element,
    )

_EXPORTS = {
    "Agency": "models",
    "AgencyRole": "models",
    "CONTEXT": "cpsv",
    "Case": "models",
    "Catalogue": "models",
    "Channel": "models",
    "ChannelKind": "models",
    "CpsvExport": "cpsv",
    "DocumentRequirement": "models",
    "Fee": "models",
    "FeeKind": "models",
    "FieldOfActivity": "models",
    "ImplementationLevel": "models",
    "ImportResult": "importers",
    "JSON_SCHEMA_ID": "schemas",
    "LegalBasis": "models",
    "LevelConversion": "levels",
    "LevelScheme": "models",
    "OnlineLevel": "models",
    "Procedure": "models",
    "ProcedureType": "models",
    "PublicationDecision": "models",
    "Publisher": "models",
    "Result": "models",
    "Step": "models",
    "Subject": "models",
    "TimeLimit": "models",
    "TimeUnit": "models",
    "catalogue_from_xml": "xml",
    "catalogue_json_schema": "schemas",
    "catalogue_to_xml": "xml",
    "catalogue_xsd": "schemas",
    "detect_shape": "importers",
    "dossier_json_schema": "schemas",
    "from_legacy": "levels",
    "import_catalogue": "importers",
    "import_procedure": "importers",
    "load_records": "importers",
    "model_to_element": "xml",
    "to_cpsv_jsonld": "cpsv",
    "to_legacy": "levels",
    "write_schemas": "schemas",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "CONTEXT",
    "JSON_SCHEMA_ID",
    "Agency",
    "AgencyRole",
    "Case",
    "Catalogue",
    "Channel",
    "ChannelKind",
    "CpsvExport",
    "DocumentRequirement",
    "Fee",
    "FeeKind",
    "FieldOfActivity",
    "ImplementationLevel",
    "ImportResult",
    "LegalBasis",
    "LevelConversion",
    "LevelScheme",
    "OnlineLevel",
    "Procedure",
    "ProcedureType",
    "PublicationDecision",
    "Publisher",
    "Result",
    "Step",
    "Subject",
    "TimeLimit",
    "TimeUnit",
    "catalogue_from_xml",
    "catalogue_json_schema",
    "catalogue_to_xml",
    "catalogue_xsd",
    "detect_shape",
    "dossier_json_schema",
    "from_legacy",
    "import_catalogue",
    "import_procedure",
    "load_records",
    "model_to_element",
    "to_cpsv_jsonld",
    "to_legacy",
    "write_schemas",
]
