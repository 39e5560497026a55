"""What the built site carries besides its pages: the browser runtime of the calculators (MicroPython's
WebAssembly port and calc.bundle: micropython_assets.py), the service worker (service_worker.py from
sw_template.js) and the offline zip (offline_zip.py). The hooks in site_scripts/hooks/ call them during the build.
"""
