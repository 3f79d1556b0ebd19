"""Render and write the web edition: prepared documents into the site's files.

``theme`` turns a theme name and a project into a Jinja environment (the
project's overrides first) and the theme's static files; ``regions`` makes a
region page's view (its PDUs' ratings side by side, by domain);
``addresses`` links the bare web and e-mail addresses of web pages; ``pages``
renders each page with its breadcrumbs, one at a time, says where each file
of the site goes and makes ``manifest.json``; ``write`` puts the rendered site in place
all at once.
"""
