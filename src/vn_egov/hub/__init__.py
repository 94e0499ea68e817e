"""The document-exchange hub: a client for the VPCP national hub (and the Bkav eDoc REST 2.0
hub), a durable receive loop, and a local reference hub to test against.

Needs the optional extra ``hub`` (``pip install "vn-egov[hub]"``).
"""
