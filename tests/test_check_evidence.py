"""Every quote in data/ stands in the real source; a changed quote is caught with the closest passage."""
from __future__ import annotations

import json

from srbgraph.curated.source_text import SourceText, skeleton


def test_every_shipped_quote_is_found_in_the_real_source(srbgraph, source):
    result = srbgraph("check-evidence", "--source", source)
    assert result.code == 0, result
    report = json.loads(srbgraph("check-evidence", "--source", source, "--format", "json").out)
    assert report["quotes"] > 100
    assert report["found"] == report["quotes"]
    assert report["misses"] == []
    assert f"{report['quotes']:,} of {report['quotes']:,} quotes" in result.out


def test_hyphenation_whitespace_and_quote_marks_are_ignored():
    source = SourceText("Das Sozialraum-\n\nbudget ist „gut“ und\n   hilfreich.\nK\nob\nle\nnz\n")
    assert source.contains('Das Sozialraumbudget ist "gut" und hilfreich.')
    assert source.contains("Koblenz")
    assert not source.contains("Das Sozialraumbudget ist schlecht")
    assert skeleton("Kita-\nSozialarbeit") == skeleton("Kita-Sozialarbeit")


def test_a_changed_quote_is_reported_with_the_closest_passage(srbgraph, source, data_copy):
    (data_copy / "zz_changed.yaml").write_text(
        "type: Obstacle\nentities:\n"
        "  - id: changed-quote\n    label_de: Geändert\n    label_en: Changed\n"
        "    evidence:\n"
        "      - quote: Der Fachkräftemangel wurde in keiner Arbeitsgruppe thematisiert\n"
        "        section: … gemeinsam beobACHTEN\n"
        "      - quote: Viele Mittel sind durch das betriebserlaubnisrelevante Personal gebunden.\n"
        "        section: Nirgendwo\n",
        encoding="utf-8")
    result = srbgraph("check-evidence", "--source", source, "--data", data_copy)
    assert result.code == 1
    miss = next(line for line in result.out.splitlines() if "changed-quote: quote not found" in line)
    assert miss.startswith("zz_changed.yaml:7:") or "/zz_changed.yaml:7:" in miss
    assert "Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert" in miss
    assert "closest passage (line " in miss
    assert "changed-quote: section part not found in the source: 'Nirgendwo'" in result.out
    assert "2 problems" in result.out.splitlines()[-1]


def test_source_is_required(srbgraph, monkeypatch):
    monkeypatch.delenv("SRBGRAPH_SOURCE", raising=False)
    result = srbgraph("check-evidence")
    assert result.code == 1
    assert result.err.strip() == "srbgraph: error: give the source text with --source FILE (or set SRBGRAPH_SOURCE)"


def test_missing_source_file_is_one_line(srbgraph, tmp_path):
    result = srbgraph("check-evidence", "--source", tmp_path / "nope.txt")
    assert result.code == 1
    assert result.err.strip() == f"srbgraph: error: source file not found: {tmp_path / 'nope.txt'}"
