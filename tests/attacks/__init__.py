"""Tests of attacks (a package, so that its conftest and module names stay unique)."""
