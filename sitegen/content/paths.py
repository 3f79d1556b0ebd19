"""Where things are in a project: ``site.yaml``, the content folders, the template overrides, the themes.

Plain names, with nothing to import: the build reads them to find its inputs before it loads anything.
"""

from __future__ import annotations

from pathlib import Path

SITE_FILE = "site.yaml"
REGIONS_DIR = Path("content/regions")
REPORTS_DIR = Path("content/pdus")
SUMMARIES_DIR = Path("content/summaries")
LETTERS_DIR = Path("content/letters")
#: A project's own versions of single theme templates.
OVERRIDES_DIR = "templates"
#: A project's own themes (the bundled ones are in the repository's themes/ folder).
THEMES_DIR = "themes"
