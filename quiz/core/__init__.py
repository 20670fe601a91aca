"""What runs in the parent's browser (through Pyodide) and in CPython alike: the engine and what it needs.

Standard library and this package only (tests/test_layout.py enforces it): build.py zips this folder whole
with quiz/__init__.py, and the worker imports it from that zip.
"""
