"""Static checks on the dashboard's files, no browser needed: nothing inline, nothing remote.

The CSP would block an inline script or handler at run time; these checks catch one at
review time, in the template that grew it, and keep the charting library vendored and pinned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tidings.web.pages import CHART_JS, STATIC, environment

TEMPLATES = sorted((STATIC.parent / "templates").glob("*.html"))
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_hold_no_inline_script_style_or_remote_asset(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not INLINE_HANDLER.search(text), "inline event handler"
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert "<style" not in text and " style=" not in text, "inline style (CSP style-src)"
    assert not REMOTE.search(text), "remote asset: vendor it under static/"
    assert "|safe" not in text and "Markup(" not in text, "escaping switched off"


def test_templates_autoescape() -> None:
    env = environment()
    rendered = env.from_string("{{ x }}").render(x="<script>alert(1)</script>")
    assert rendered == "&lt;script&gt;alert(1)&lt;/script&gt;"
    for template in TEMPLATES:
        env.get_template(template.name)  # every template parses


def test_chart_library_is_vendored_pinned_and_licensed() -> None:
    library = STATIC / CHART_JS
    assert re.search(r"-\d+\.\d+\.\d+\.umd\.min\.js$", CHART_JS), "pin the version in the name"
    version = re.search(r"(\d+\.\d+\.\d+)", CHART_JS)
    assert version is not None
    head = library.read_text(encoding="utf-8")[:300]
    assert f"Chart.js v{version.group(1)}" in head
    assert (library.parent / f"chart-{version.group(1)}.LICENSE.md").is_file()


def test_app_script_writes_text_not_markup() -> None:
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
