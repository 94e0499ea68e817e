"""Tests of signature (a package, so that its conftest and module names stay unique)."""
