"""The local reference hub (``vn-egov hub serve``): an ASGI application served by uvicorn.

* :func:`create_app` builds the Starlette application (mountable in a larger service);
* :class:`LocalHub` runs it in a background thread (tests, the demo, the conformance kit);
* :func:`serve` runs it in the foreground until SIGINT or SIGTERM.
"""

from __future__ import annotations

from vn_egov.hub.server.app import create_app
from vn_egov.hub.server.config import HubSettings, HubSystem, Systems, load_systems, parse_systems
from vn_egov.hub.server.run import LocalHub, serve

__all__ = ["HubSettings", "HubSystem", "LocalHub", "Systems", "create_app", "load_systems",
           "parse_systems", "serve"]
