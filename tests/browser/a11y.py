"""Accessibility checks on a live page: axe-core, horizontal scrolling, touch target size.

Each check fails the test with a readable list of what is wrong (rule, element, size...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from engine.config import PROJECT_ROOT

JS = Path(__file__).resolve().parent / "js"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")
MIN_TARGET = 44  # CSS px, RGAA 4.1 / WCAG 2.5.5 on touch screens


def axe_source() -> str:
    """axe-core's bundle, installed by `make front`; its absence fails the test, never skips."""
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE}). Install the npm packages with `make front` "
            "(part of `make install` and `make test`).",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


def check_a11y(page: Page, name: str | None = None) -> dict[str, Any]:
    """Run axe-core (WCAG 2.1 A/AA + best practices) on the page as it is now.

    Prints one summary line; fails on any serious or critical violation, listing rule id,
    impact, target selectors and help. Returns axe's results for further assertions.
    """
    label = name or page.url
    page.wait_for_load_state("load")  # contrast is judged with the page's stylesheets
    # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') stays on.
    page.evaluate(_loader(axe_source()))
    results: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations: list[dict[str, Any]] = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    checked = sum(len(results[k]) for k in ("passes", "violations", "incomplete", "inapplicable"))
    print(
        f"axe {label}: {checked} rules checked, {len(violations)} violations "
        f"(serious/critical: {len(blocking)})"
    )
    for violation in violations:
        if violation not in blocking:
            print("  minor:", _describe(violation))
    if blocking:
        details = "\n".join(_describe(v) for v in blocking)
        pytest.fail(f"axe {label}: serious or critical violations:\n{details}", pytrace=False)
    return results


def script(name: str) -> str:
    """A function expression from ``tests/browser/js/<name>.js``, for ``page.evaluate``."""
    return (JS / f"{name}.js").read_text(encoding="utf-8")


def _loader(source: str) -> str:
    return f"() => {{ if (!window.axe) {{ {source}\n }} }}"


def _describe(violation: dict[str, Any]) -> str:
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:8])
    more = len(violation["nodes"]) - 8
    extra = f" (+{more} more)" if more > 0 else ""
    return (
        f"- {violation['id']} [{violation.get('impact')}] {violation['help']} "
        f"({violation['helpUrl']})\n    at {targets}{extra}"
    )


def no_horizontal_scroll(page: Page) -> None:
    """The page fits its viewport's width (390 px on the phone): nothing scrolls sideways."""
    page.wait_for_load_state("load")  # after a click, the new page's stylesheets too
    found: dict[str, Any] = page.evaluate(script("overflow"))
    if found["scroll"] > found["width"]:
        offenders = "\n".join(f"- {w}" for w in found["wide"])
        pytest.fail(
            f"{page.url} scrolls horizontally: {found['scroll']} px of content in a "
            f"{found['width']} px viewport. Too wide:\n{offenders}",
            pytrace=False,
        )


def touch_targets_ok(page: Page, minimum: int = MIN_TARGET) -> None:
    """Every visible link, button, field and summary is at least 44x44 CSS px."""
    page.wait_for_load_state("load")  # sizes are measured with the page's stylesheets
    offenders: list[str] = page.evaluate(script("targets"), minimum)
    if offenders:
        listed = "\n".join(f"- {o}" for o in offenders)
        pytest.fail(
            f"{page.url}: touch targets smaller than {minimum}x{minimum} px:\n{listed}",
            pytrace=False,
        )
