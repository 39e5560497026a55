"""Build-time code of the MPKj fee site.

    hooks/          the MkDocs hooks, one job each (mkdocs.yml `hooks:`)
    assets/         the browser runtime, the service worker and the offline zip
    build_state.py  the offline flag and the language being built, read in this one place
    forms.py        the calculator forms' HTML, from calc's manifest (calc/calculators.py)
    tables.py       the schedules' HTML: rate tables, source boxes, the payments table
    site_url.py     the site's address as mkdocs.yml gives it to a local build
"""
