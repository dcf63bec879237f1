"""The hostile-vault corpus: see :mod:`tests.hostile.corpus`."""
