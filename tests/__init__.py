"""The tests. A package, so that pytest puts the repository root first on sys.path and the shared test data
import as `tests.data` (calc, site_scripts and bench are installed in the virtual environment).
"""
