"""MicroPython stand-in: `from __future__ import annotations` only needs the name (MicroPython never evaluates
annotations)."""

annotations = True
