"""Every HTML page srbgraph writes or serves passes axe-core's WCAG 2.1 A and AA rules (issue 27):
public bodies in Germany must publish accessible pages (BITV 2.0, i.e. WCAG 2.1 AA).

axe-core is vendored whole with its licence in ``tests/vendor/axe-core/`` (pinned; refreshed only by
``scripts/refresh-axe-core.py``, which checks the registry's integrity). It is injected into each
page in Debian's chromium and run with the tags wcag2a, wcag2aa, wcag21a, wcag21aa; a summary per
page is printed (``pytest -s`` shows it), and any violation fails the test with its rule, impact
and the first elements it names. The served pages' Content-Security-Policy would refuse the
injected script, so the browser context bypasses CSP for this test only.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from every_page import LANGS, addresses, browser, opened, servers, written  # noqa: F401 - fixtures

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_axe_core_is_vendored_whole_with_its_licence_as_pinned():
    pinned = json.loads((AXE / "PINNED.json").read_text(encoding="utf-8"))
    assert pinned["package"] == "axe-core" and pinned["integrity"].startswith("sha512-")
    for name, digest in pinned["files"].items():
        assert hashlib.sha256((AXE / name).read_bytes()).hexdigest() == digest, f"{name} differs from the pinned one"
    assert "Mozilla Public License" in (AXE / "LICENSE").read_text(encoding="utf-8")
    assert json.loads((AXE / "package.json").read_text(encoding="utf-8"))["version"] == pinned["version"]


def audit(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on *page*: rule, impact, help and the first elements."""
    page.evaluate((AXE / "axe.min.js").read_text(encoding="utf-8"))
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return {violations: result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})),
                passes: result.passes.length};
    }""", TAGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_no_wcag_2_1_a_or_aa_violation(browser, servers, written, lang):  # noqa: F811
    found = {}
    for name, address, state in addresses(servers, written, lang):
        with opened(browser, name, address, state, bypass_csp=True) as page:
            result = audit(page)
        found[name] = result["violations"]
        summary = ", ".join(f"{v['id']} ({v['impact']}, {v['count']}×)" for v in result["violations"]) or "none"
        print(f"axe-core [{lang}] {name}: {result['passes']} rules passed; violations: {summary}")
    failing = {name: violations for name, violations in found.items() if violations}
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)
