"""The ``vn-egov`` command line. Commands live one per module in :mod:`vn_egov.cli.commands`."""
