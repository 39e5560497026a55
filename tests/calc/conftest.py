"""Shared set-up of the calc tests (calc is installed in the virtual environment, editable: see the Makefile).

There is deliberately no ``__init__.py`` here: with one, pytest would import this directory as a package named
``calc`` (``tests/calc``) and shadow the real ``calc`` package.
"""
