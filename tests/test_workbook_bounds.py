"""Untrusted workbooks and tables in bounded memory: `review import` and `link` read XLSX through one
streaming reader (srbgraph.workbooks) that does not trust a sheet's declared size, passes over hidden
sheets, caps columns, rows and cells, and checks the archive first; a flood of bad rows is a few
dozen lines and a count; a table in two encodings is refused naming line and byte."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook

import srbgraph
from srbgraph.curated.review_import import COLUMNS

from test_review import CONFIRMED, export, fill

PACKAGE_ROOT = str(Path(srbgraph.__file__).resolve().parent.parent)
HEADERS = dict(COLUMNS)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def run_bounded(*args) -> subprocess.CompletedProcess:
    """`srbgraph ARGS` in a child with at most 2 GB of address space (a run that would grow past it
    fails instead of taking the machine)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "-m", "srbgraph", *map(str, args)], capture_output=True, text=True,
                          timeout=300, preexec_fn=limit, env={**os.environ, "PYTHONPATH": PACKAGE_ROOT})


def hand_workbook(path: Path, sheet_xml: str) -> Path:
    """A minimal XLSX whose one sheet is *sheet_xml* (written by hand: no dimension unless it says so)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml",
                     '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                     '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        out.writestr("_rels/.rels",
                     '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        out.writestr("xl/workbook.xml",
                     f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships"><sheets><sheet name="Prüfung (review)" sheetId="1" '
                     'r:id="rId1"/></sheets></workbook>')
        out.writestr("xl/_rels/workbook.xml.rels",
                     '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                     'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                     '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        out.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>')
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def far_cell_sheet() -> str:
    """A header row and one cell at XFD1048576, with no <dimension>: openpyxl's read-only mode
    pads a million rows to 16,384 columns for it."""
    header = "".join(inline(f"{chr(65 + i)}1", h) for i, (_k, h) in enumerate(COLUMNS))
    return f'<sheetData><row r="1">{header}</row><row r="1048576">{inline("XFD1048576", "x")}</row></sheetData>'


def test_review_import_refuses_a_far_cell_without_reading_a_million_rows(data_copy, tmp_path):
    far = hand_workbook(tmp_path / "far.xlsx", far_cell_sheet())
    assert far.stat().st_size < 3_000
    result = run_bounded("review", "import", far, "--reviewer", "X", "--data", data_copy)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1].endswith(
        "far.xlsx: sheet 'Prüfung (review)' row 1,048,576: a value in column 16,384 (XFD); "
        "srbgraph reads at most 1,000 columns")


def test_link_refuses_a_far_cell_the_sheet_does_not_declare(tmp_path):
    far = hand_workbook(tmp_path / "far.xlsx", far_cell_sheet())
    result = run_bounded("link", far, "--key", "Verknüpfung (link)", "--store", tmp_path / "store")
    assert result.returncode == 1, result.stderr
    assert "the first sheet row 1,048,576: a value in column 16,384 (XFD)" in result.stderr


def test_review_import_refuses_a_zip_bomb_before_reading(data_copy, tmp_path):
    row = b"<row>" + inline("A1", "a" * 50).encode() * 20 + b"</row>"
    bomb = tmp_path / "bomb.xlsx"
    hand_workbook(bomb, "<sheetData></sheetData>")
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as out:
        with out.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member:
            for _ in range(200_000_000 // len(row)):
                member.write(row)
    result = run_bounded("review", "import", bomb, "--reviewer", "X", "--data", data_copy)
    assert result.returncode == 1, result.stderr
    assert "srbgraph reads workbooks that inflate to at most 100,000,000" in result.stderr


def test_a_hidden_sheet_gives_no_verdicts(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {CONFIRMED: "bestätigt"}, tmp_path / "filled.xlsx")
    book = load_workbook(filled)
    book["Prüfung (review)"].sheet_state = "hidden"  # the verdict stands only in a sheet nobody sees
    book.save(filled)
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    assert result.code == 1, result
    assert "no review sheet" in result.err
    book["Prüfung (review)"].sheet_state = "visible"
    copy = book.copy_worksheet(book["Prüfung (review)"])
    copy.sheet_state = "hidden"
    copy.title = "Versteckt"
    page = copy
    header = [cell.value for cell in page[1]]
    for row in range(2, page.max_row + 1):  # the hidden copy holds a verdict the visible sheet lacks
        if page.cell(row, header.index(HEADERS["link"]) + 1).value != CONFIRMED:
            page.cell(row, header.index(HEADERS["verdict"]) + 1).value = "abgelehnt"
    book.save(filled)
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    assert result.code == 0, result
    assert "1 verdict of Dr. M. Muster" in result.err and "Versteckt" not in result.err + result.out


def test_a_formula_in_a_verdict_cell_is_not_taken_for_its_value(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {CONFIRMED: '="bestätigt"'}, tmp_path / "filled.xlsx")
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    assert result.code == 1, result
    assert f"{CONFIRMED}: unknown verdict '=\"bestätigt\"'" in result.err


def test_a_flood_of_bad_rows_is_a_few_dozen_lines_and_a_count(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    book = load_workbook(blank)
    page = book["Prüfung (review)"]
    header = [cell.value for cell in page[1]]
    for number in range(2000):
        row = [None] * len(header)
        row[header.index(HEADERS["link"])] = f"link/a-{number}/requires/b"
        row[header.index(HEADERS["verdict"])] = "bestätigt"
        page.append(row)
    book.save(blank)
    result = srbgraph("review", "import", blank, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    assert result.code == 1, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 32, lines[:3]
    assert lines[-2] == "… and 1,970 more problems"
    assert lines[-1].startswith("srbgraph: error: 2000 problems in ")


def test_link_lists_a_few_dozen_unmatched_rows_and_counts_the_rest(srbgraph, tmp_path):
    table = tmp_path / "many.csv"
    table.write_text("Kreisschlüssel;Plätze\n07111;5\n" + "".join(f"09{n:03d};1\n" for n in range(500)),
                     encoding="utf-8")
    result = srbgraph("link", table, "--key", "Kreisschlüssel", "--store", tmp_path / "store")
    assert result.code == 0, result
    unmatched = [line for line in result.out.splitlines() if "unmatched:" in line]
    assert len(unmatched) == 30
    assert "… and 470 more problems" in result.out
    assert "1 of 501 rows linked by ags (500 unmatched, 0 ambiguous)" in result.out


def test_a_table_in_two_encodings_is_refused_naming_line_and_byte(srbgraph, tmp_path):
    table = tmp_path / "mixed.csv"
    table.write_bytes("Kreisschlüssel;Plätze\n07111;5\n".encode("utf-8") + b"07211;Pl\xe4tze\n")
    result = srbgraph("link", table, "--key", "Kreisschlüssel", "--store", tmp_path / "store")
    assert result.code == 1, result
    assert (f"{table}:3: byte 40 is not UTF-8, but line 1 is written in UTF-8: the file mixes two encodings"
            in result.err)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Kreisschlüssel;Plätze\n07111;5\n".encode("latin-1") + "07211;Größe".encode("utf-8") + b"\n")
    result = srbgraph("link", latin, "--key", "Kreisschlüssel", "--store", tmp_path / "store")
    assert result.code == 1, result
    assert f"{latin}:1: byte 9 is not UTF-8, but line 3 is written in UTF-8" in result.err


def test_a_table_wholly_in_latin_1_keeps_its_umlauts(srbgraph, tmp_path):
    import json

    latin = tmp_path / "latin.csv"
    latin.write_bytes("Kreisschlüssel;Plätze\n07111;5\n07211;7\n".encode("latin-1"))
    result = srbgraph("link", latin, "--key", "Kreisschlüssel", "--store", tmp_path / "store", "-f", "json")
    assert result.code == 0, result
    assert json.loads(result.out)["key"] == "Kreisschlüssel"


def test_a_false_utf8_sequence_across_a_read_chunk_is_named_by_line_and_byte(srbgraph, tmp_path):
    """The table is decoded in chunks of 1 MB, not whole: a sequence that looks like UTF-8 but is not
    (an encoded surrogate) cut by the chunk border is named by the line and byte the whole text
    names, and so is one after a byte-order mark (counted in the file's bytes)."""
    import pytest

    from srbgraph.errors import SrbError
    from srbgraph.model.tables_in import decode

    head = "Kreisschlüssel;Plätze\n".encode() + b"07111;5\n" * 131_000
    row = b"07211;" + b"x" * ((1 << 20) - 1 - len(head) - 6) + b"\xed\xa0\x80\n"
    data = head + row + b"07317;9\n"
    at = data.index(b"\xed")
    assert at == (1 << 20) - 1  # the sequence begins at the last byte of the first chunk
    table = tmp_path / "surrogate.csv"
    table.write_bytes(data)
    message = f"{table}:131002: byte {at:,} is not UTF-8 (invalid continuation byte)"
    with pytest.raises(SrbError) as whole:  # the whole text, read at once, names the same place
        decode(data, str(table))
    assert str(whole.value) == message
    result = srbgraph("link", table, "--key", "Kreisschlüssel", "--store", tmp_path / "store")
    assert result.code == 1, result
    assert result.err.strip().splitlines()[-1] == f"srbgraph: error: {message}"
    table.write_bytes(b"\xef\xbb\xbf" + data)
    result = srbgraph("link", table, "--key", "Kreisschlüssel", "--store", tmp_path / "store")
    assert result.code == 1, result
    assert result.err.strip().splitlines()[-1] == (f"srbgraph: error: {table}:131002: byte {at + 3:,} is not "
                                                   "UTF-8 (invalid continuation byte)")
