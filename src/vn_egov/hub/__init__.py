"""The document-exchange hub: a client for the VPCP national hub and for Bkav eDoc REST 2.0
hubs, a durable receive loop, and a local reference hub to test against.

Needs the optional extra ``hub`` (``pip install "vn-egov[hub]"``).

>>> from vn_egov.hub import Credentials, Transport, VpcpTransport
>>> with VpcpTransport("https://hub.example.gov.vn", Credentials("vxp.hp.01", "s3cret-1")) as hub:
...     isinstance(hub, Transport)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.hub.bkav import BkavTransport
    from vn_egov.hub.facts import PackageFacts, package_facts
    from vn_egov.hub.inbox import (
        CallbackStore,
        FolderStore,
        Inbox,
        Outcome,
        PackageStore,
        Received,
        SignatureCheck,
    )
    from vn_egov.hub.ledger import SentLedger, SentRecord
    from vn_egov.hub.models import (
        Agency,
        HubAnswer,
        ReceivedItem,
        SendResult,
        SentItem,
    )
    from vn_egov.hub.transport import Transport
    from vn_egov.hub.vpcp import VpcpTransport
    from vn_egov.hub.wire import Credentials, RequestSigner, verify_request

_EXPORTS = {
    "BkavTransport": "bkav", "PackageFacts": "facts", "package_facts": "facts",
    "CallbackStore": "inbox", "FolderStore": "inbox", "Inbox": "inbox", "Outcome": "inbox",
    "PackageStore": "inbox", "Received": "inbox", "SignatureCheck": "inbox",
    "SentLedger": "ledger", "SentRecord": "ledger", "Agency": "models", "HubAnswer": "models",
    "ReceivedItem": "models", "SendResult": "models", "SentItem": "models",
    "Transport": "transport", "VpcpTransport": "vpcp", "Credentials": "wire",
    "RequestSigner": "wire", "verify_request": "wire",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "Agency",
    "BkavTransport",
    "CallbackStore",
    "Credentials",
    "FolderStore",
    "HubAnswer",
    "Inbox",
    "Outcome",
    "PackageFacts",
    "PackageStore",
    "Received",
    "ReceivedItem",
    "RequestSigner",
    "SendResult",
    "SentItem",
    "SentLedger",
    "SentRecord",
    "SignatureCheck",
    "Transport",
    "VpcpTransport",
    "package_facts",
    "verify_request",
]
