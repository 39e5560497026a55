"""What the built site carries besides its pages: the browser runtime of the calculators (Pyodide, calc.zip, the
memory snapshot; pyodide_assets.py, pyodide_snapshot.py and .mjs), the service worker (service_worker.py from
sw_template.js) and the offline zip (offline_zip.py). The hooks in site_scripts/hooks/ call them during the build.
"""
