"""Tests of vn_egov.edoc (a package, so that its conftest and module names stay unique)."""
