"""MicroPython-only stand-ins for standard library modules that calc imports and MicroPython 1.27 lacks.

Written for this project (not copied from CPython's pure-Python modules), each only as large as calc needs and
tested against CPython's own module (tests/calc/test_stand_ins.py). The MicroPython boot puts this directory on
sys.path after the directory that holds the `calc` package, and only in MicroPython: CPython never imports from it.

- decimal.py: exact decimal numbers, the operations and roundings calc uses, with CPython's results;
- typing.py: the names calc's annotations import (MicroPython does not evaluate annotations);
- __future__.py: `annotations`, so that `from __future__ import annotations` imports.
"""
