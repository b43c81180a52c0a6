"""srbgraph docs: static, self-contained HTML pages of the ontology (pyLODE) and the data."""
from __future__ import annotations

import re

import pytest


def test_docs_writes_ontology_and_catalogue_pages(srbgraph, tmp_path):
    # English: the ontology page by pyLODE (whose own words are English)
    site = tmp_path / "site"
    result = srbgraph("docs", "--output", site, "--lang", "en")
    assert result.code == 0, result
    assert "ontology page by pyLODE" in result.err
    assert sorted(p.name for p in site.iterdir()) == ["catalogue.html", "index.html", "ontology.html"]

    ontology = (site / "ontology.html").read_text(encoding="utf-8")
    assert "pyLODE" in ontology and '<html lang="en"' in ontology
    for text in ("<h3>obstacle", "success indicator", "https://w3id.org/srbgraph/ontology#hinders"):
        assert text in ontology
    # each label in the page's language, never glued to the other one (#27: "Maßnahmemeasure")
    assert "Maßnahme" not in ontology and "Bremse / Hürde / Störfaktor" not in ontology
    assert re.search(r"<h3>measure\s*<sup", ontology)

    catalogue = (site / "catalogue.html").read_text(encoding="utf-8")
    assert re.search(r"<tr><td>measure</td><td><code>Measure</code></td><td class=\"n\">30</td></tr>", catalogue)
    assert "Goal → measure paths (" in catalogue
    # the 36 of the working groups and the 7 items of the theory table's column "Erfolgsindikatoren"
    assert "Success indicators (43)" in catalogue
    assert "We have a meaningful evaluation with the participation of all actors." in catalogue
    # self-contained and offline: no scripts, styles or images from elsewhere
    for page in (ontology, catalogue, (site / "index.html").read_text(encoding="utf-8")):
        assert not re.search(r"<(script|img|link)[^>]*(src|href)=\"https?://", page)


def test_german_docs_are_german_throughout(srbgraph, tmp_path):
    """#27: one language per page — pyLODE writes English pages only, so the German ontology page
    is srbgraph's own, German throughout; the catalogue speaks German only."""
    site = tmp_path / "site"
    result = srbgraph("docs", "--output", site)
    assert result.code == 0, result
    assert "ontology page by srbgraph" in result.err
    ontology = (site / "ontology.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in ontology and "pyLODE schreibt nur englische Seiten" in ontology
    assert "<td>Bremse / Hürde / Störfaktor</td>" in ontology and "<td>obstacle</td>" not in ontology
    assert "Klassen (" in ontology and "Beziehungen (" in ontology and "classes" not in ontology
    catalogue = (site / "catalogue.html").read_text(encoding="utf-8")
    assert re.search(r"<tr><td>Maßnahme</td><td><code>Measure</code></td><td class=\"n\">30</td></tr>", catalogue)
    assert "Pfade Ziel → Maßnahme (" in catalogue and "Erfolgsindikatoren (43)" in catalogue
    assert "Wir haben eine aussagekräftige Evaluation mit Beteiligung aller Akteure." in catalogue
    assert " / " not in re.sub(r"<td>[^<]*</td>", "", catalogue)  # no "Deutsch / English" headings


def test_labels_are_escaped_in_the_pages(srbgraph, tmp_path, data_copy):
    indicators = data_copy / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    first = re.search(r"label_de: (.*)\n", text)
    indicators.write_text(text.replace(first.group(0), 'label_de: "<script>alert(1)</script> & Co"\n', 1),
                      encoding="utf-8")
    site = tmp_path / "site"
    assert srbgraph("docs", "--data", data_copy, "--output", site, "--no-pylode").code == 0
    catalogue = (site / "catalogue.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in catalogue
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in catalogue


def test_own_ontology_page_when_pylode_cannot_run(srbgraph, tmp_path, monkeypatch):
    import srbgraph.render.docs as docs_module

    def broken(_path):
        raise ImportError("pyLODE is not installed")

    monkeypatch.setattr(docs_module, "pylode_html", broken)
    site = tmp_path / "site"
    result = srbgraph("docs", "-o", site, "--lang", "en")
    assert result.code == 0, result
    assert "note: pyLODE could not be used (ImportError: pyLODE is not installed)" in result.err
    assert "ontology page by srbgraph" in result.err
    ontology = (site / "ontology.html").read_text(encoding="utf-8")
    assert "Classes (" in ontology and "<td><code>srb:Obstacle</code></td>" in ontology
    assert "<td>obstacle</td>" in ontology and "Bremse" not in ontology
    assert "pyLODE could not be used" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", ["srbgraph.render.docs", "srbgraph.cli.docs"])
def test_importing_docs_does_not_load_pylode(module):
    import subprocess
    import sys

    code = f"import sys, {module}; print('pylode' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
