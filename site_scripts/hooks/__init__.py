"""The MkDocs hooks of the site, one job each, every module listed in mkdocs.yml `hooks:` (MkDocs loads each file as
a plugin, after the `plugins:`; at the same event and priority, in the order listed).

    iframe_worker     vendors Material's iframe-worker shim from node_modules (search from file://)
    qr_encoder        vendors the QR code encoder (qrcode-generator) from node_modules
    calculator_script javascripts/calculator.js, joined from the parts of docs/javascripts/calculator-*.js
    calculator_pages  every calculator's page, embed page and navigation entry, from calc/calculators.py
    embeds            the embed pages' content and the embed page's snippets (before the markers)
    markers           the pages' markers: schedule tables, sources, calculators, the offline zip link
    language_switch   the header's language switch leads to the same page in the other language
    open_data         data/<schedule>.json and .csv
    runtime           MicroPython's WebAssembly port, calc.bundle, the forms' build stamp (site_scripts/assets)
    offline           the offline build's own changes (MPKJ_OFFLINE)
    web_app           the web app manifests (both languages) and the icons made from the logo
    csp               the Content-Security-Policy of every page, once every language is built
    service_worker    sw.js, last (site_scripts/assets/service_worker.py)

What they read of the build in progress (the offline flag, the language being built) comes from
site_scripts/build_state.py.
"""
