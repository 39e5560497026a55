"""The site's address as mkdocs.yml gives it to a local build.

mkdocs.yml reads `site_url: !ENV [MPKJ_SITE_URL, "<placeholder>"]`: the Pages workflow passes the deployment's own
address, a local build keeps the placeholder. The test and bench servers swap the placeholder in sitemap.xml for
their own address (Material's instant navigation only works at the address the sitemap names).
"""

from __future__ import annotations

import re
from pathlib import Path

_SITE_URL = re.compile(r'^site_url:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?"?([^\s"\]]+)', re.MULTILINE)


def default_site_url(mkdocs_yml: Path) -> str:
    match = _SITE_URL.search(mkdocs_yml.read_text("utf-8"))
    if match is None:
        raise ValueError(f"{mkdocs_yml} has no site_url")
    return match.group(1)
