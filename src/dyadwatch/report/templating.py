"""Jinja2 templates for the report, with autoescaping.

Every report template lives in ``dyadwatch/report/templates/``. A user can pass a folder of their own
(``assess --template DIR``): a template of the same name there replaces the shipped one, so branding needs only
the templates it changes. Text from the store is escaped by Jinja's autoescaping; a provider never builds HTML
from data by string concatenation.

    from dyadwatch.report.templating import render
    html = render("blocks/table.html", rows=rows)   # a markupsafe.Markup
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

_USER_DIR: list[str] = []


def set_template_dir(path: str | os.PathLike | None) -> None:
    """Use templates in PATH before the shipped ones (None restores the shipped set)."""
    from dyadwatch.errors import InputError

    _USER_DIR.clear()
    if path is not None:
        p = Path(path)
        if not p.is_dir():
            raise InputError(f"--template {p}: not a folder", hint="give a folder of Jinja2 templates")
        _USER_DIR.append(str(p.resolve()))
    environment.cache_clear()


@lru_cache(maxsize=1)
def environment():
    import jinja2

    loaders = [jinja2.FileSystemLoader(d) for d in _USER_DIR]
    loaders.append(jinja2.PackageLoader("dyadwatch.report", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env


def render(name: str, **variables) -> "markupsafe.Markup":  # noqa: F821
    """Render a template to safe HTML (a Markup string, so it can be embedded in another template)."""
    from markupsafe import Markup

    return Markup(environment().get_template(name).render(**variables))
