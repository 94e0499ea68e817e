"""One module per top-level command; each exposes a click command named ``command``."""
