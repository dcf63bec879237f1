"""Plain helper modules shared by the tests (no tests, no fixtures: those live in conftest.py)."""
