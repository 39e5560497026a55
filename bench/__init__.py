"""`make bench` (`python -m bench`): how fast the site gives a first estimate, against the floor of booting Pyodide
at all. main.py builds, serves (server.py) and measures (browser.py) against fixtures.py; see docs/performance.md.
"""
