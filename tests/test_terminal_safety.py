"""Text from the data or from a reviewer reaches the terminal without control characters: a comment
"bestätigt\\r abgelehnt" cannot show "bestätigt" where "abgelehnt" is written, an escape sequence
cannot clear a line or move the cursor, a bidi override cannot reorder a label; one note line at
the end says that something was removed. Files keep the text as it is."""
from __future__ import annotations

import csv
import json
import re

import pytest

from srbgraph.terminal import clean, take_note

from test_review import CONFIRMED, HEADERS, REJECTED, export

#: what may not reach a terminal from the data: C0 (but the newline), DEL, C1, bidi overrides
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CARRIAGE = "bestätigt\r abgelehnt"
ESCAPE = "ok\x1b[2K\x1b[1Gabgelehnt\x9b1A\u202eZ"
NOTE_EN = re.compile(r"^note: control characters removed from \d+ texts?$")
NOTE_DE = re.compile(r"^Hinweis: Steuerzeichen aus \d+ Texte?n? entfernt$")


def safe(text: str) -> bool:
    return UNSAFE.search(text) is None


@pytest.fixture(autouse=True)
def no_note_left():
    take_note()
    yield
    take_note()


def test_clean_removes_what_steers_a_terminal_and_keeps_lines_only_where_asked():
    assert clean(CARRIAGE) == "bestätigt abgelehnt"
    assert clean(ESCAPE) == "ok[2K[1Gabgelehnt1AZ"
    assert clean("a\tb") == "a b"
    assert clean("eins\nzwei\u2028drei") == "eins zwei drei"
    assert clean("eins\r\nzwei", lines=True) == "eins\nzwei"
    assert clean("\u202aa\u202bb\u202cc\u202dd\u2066e\u2067f\u2068g\u2069h\x00\x08\x7f") == "abcdefgh"
    assert take_note() == "note: control characters removed from 5 texts"
    assert all(clean(chr(code)) in ("", " ") for code in [*range(0x20), *range(0x7f, 0xa0)] if code != 0x09)
    take_note()
    assert clean("Fachkräfte „gewinnen“ – 100 %") == "Fachkräfte „gewinnen“ – 100 %"
    assert take_note() is None


def fill_csv(blank, verdicts: dict, target):
    """Fill in *verdicts* (link id → (verdict, comment)) in a CSV review file: a CSV cell may hold any
    character (an XLSX cell may not hold an escape)."""
    with open(blank, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    column = {key: header.index(HEADERS[key]) for key in ("link", "verdict", "comment")}
    for row in rows[1:]:
        if row[column["link"]] in verdicts:
            row[column["verdict"]], row[column["comment"]] = verdicts[row[column["link"]]]
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def comments_sheet(srbgraph, data, tmp_path, verdicts=None):
    blank = export(srbgraph, data, tmp_path / "blank.csv")
    return fill_csv(blank, verdicts or {REJECTED: ("abgelehnt", CARRIAGE), CONFIRMED: ("bestätigt", ESCAPE)},
                    tmp_path / "filled.csv")


def test_review_import_shows_a_comment_without_its_control_characters(srbgraph, data_copy, tmp_path):
    sheet = comments_sheet(srbgraph, data_copy, tmp_path)
    for apply in ((), ("--apply",)):
        result = srbgraph("review", "import", sheet, "--reviewer", "Dr. M. Muster", "--date", "2026-12-01",
                          *apply, "--data", data_copy)
        assert result.code == 0, result
        assert safe(result.out) and safe(result.err), result
        assert f"{REJECTED}: abgelehnt – bestätigt abgelehnt  [" in result.out
        assert f"{CONFIRMED}: bestätigt – ok[2K[1Gabgelehnt1AZ  [" in result.out
        assert NOTE_EN.match(result.err.splitlines()[-1]), result.err
    written = (data_copy / "obstacles.yaml").read_text(encoding="utf-8")
    assert 'comment: "bestätigt\\u000d abgelehnt"' in written  # the file keeps what the reviewer wrote


def test_a_problem_row_is_shown_without_its_control_characters(srbgraph, data_copy, tmp_path):
    """A row's link id as the reviewer left it (a verdict word is quoted, escapes and all)."""
    blank = export(srbgraph, data_copy, tmp_path / "blank.csv")
    with open(blank, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    link, verdict = rows[0].index(HEADERS["link"]), rows[0].index(HEADERS["verdict"])
    row = next(r for r in rows if r[link] == REJECTED)
    row[link], row[verdict] = REJECTED + "\r\x1b[2Kfake", "abgelehnt"
    sheet = tmp_path / "filled.csv"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = srbgraph("review", "import", sheet, "--reviewer", "Dr. M. Muster", "--data", data_copy)
    assert result.code == 1
    assert safe(result.err), result
    assert f"{REJECTED}[2Kfake" in result.err
    assert NOTE_EN.match(result.err.splitlines()[-1]), result.err


def poison_label(data):
    path = data / "obstacles.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [('label_de: "Finanzierung des betriebserlaubnisrelevanten Personals durch das Sozialraumbudget"',
                      'label_de: "Finanzierung\\r GEFAHR\\e[2K\\u202e des Personals"'),
                     ('label_en: "Funding licence-relevant staff from the social-space budget"',
                      'label_en: "Funding\\r DANGER\\e[2K\\u202e staff"')]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("args", [("paths",), ("paths", "--format", "table"), ("paths", "obstacle-be-personal-im-srb")])
def test_labels_of_the_data_reach_the_terminal_clean_with_one_note(srbgraph, data_copy, args):
    poison_label(data_copy)
    result = srbgraph(*args, "--data", data_copy)
    assert result.code == 0, result
    assert safe(result.out) and safe(result.err), result
    if args[0] == "paths":
        assert "Finanzierung GEFAHR[2K des Personals" in result.out
    assert NOTE_DE.match(result.err.splitlines()[-1]), result.err
    english = srbgraph(*args, "--data", data_copy, "--lang", "en")
    assert NOTE_EN.match(english.err.splitlines()[-1]), english.err


def test_review_status_after_an_import_with_control_characters(srbgraph, data_copy, tmp_path):
    """Two reviewers disagree on a link of the obstacle with the hostile label: status names it."""
    poison_label(data_copy)
    link = "link/obstacle-be-personal-im-srb/hinders/goal-leitziel-weiterentwicklung-srb"
    for reviewer, verdict in (("Dr. M. Muster", "abgelehnt"), ("B. Beispiel", "bestätigt")):
        sheet = comments_sheet(srbgraph, data_copy, tmp_path, {link: (verdict, CARRIAGE), CONFIRMED: (verdict, ESCAPE)})
        imported = srbgraph("review", "import", sheet, "--reviewer", reviewer, "--apply", "--data", data_copy)
        assert imported.code == 0, imported
        assert safe(imported.out) and safe(imported.err), imported
    result = srbgraph("review", "status", "--data", data_copy)
    assert result.code == 0, result
    assert "Finanzierung GEFAHR[2K des Personals" in result.out
    assert safe(result.out) and safe(result.err), result
    assert NOTE_DE.match(result.err.splitlines()[-1]), result.err
    piped = srbgraph("review", "status", "--data", data_copy, "--format", "csv")  # CSV piped on keeps the data
    assert piped.code == 0 and "Finanzierung\r GEFAHR" in piped.out and "\u202e" in piped.out, piped


def test_files_and_machine_formats_keep_the_text(srbgraph, data_copy, tmp_path):
    poison_label(data_copy)
    printed = srbgraph("paths", "--data", data_copy, "--format", "json")
    assert printed.code == 0, printed
    assert "\u202e" in printed.out  # JSON piped on: the data as it is (json escapes \r and ESC itself)
    assert "note" not in printed.err.lower()
    out = tmp_path / "paths.csv"
    assert srbgraph("paths", "--data", data_copy, "--format", "csv", "-o", out).code == 0
    assert "Finanzierung\r GEFAHR\x1b[2K\u202e des Personals" in out.read_bytes().decode("utf-8")


def test_evidence_shows_labels_clean_and_keeps_its_own_marks(srbgraph, data_copy, source):
    poison_label(data_copy)
    result = srbgraph("evidence", "obstacle-be-personal-im-srb", "hinders", "goal-leitziel-weiterentwicklung-srb",
                      "--source", source, "--data", data_copy)
    assert result.code == 0, result
    assert safe(result.out) and safe(result.err), result
    assert "Finanzierung GEFAHR[2K des Personals" in result.out
    assert "**" in result.out  # the quote still marked
    assert NOTE_DE.match(result.err.splitlines()[-1]), result.err


def test_an_error_naming_data_is_one_clean_line(srbgraph, data_copy):
    result = srbgraph("paths", "Fachkr\x1b[2Käfte\rX", "--data", data_copy)
    assert result.code == 1
    assert safe(result.err), result
    errors = [line for line in result.err.splitlines() if line.startswith("srbgraph: error:")]
    assert len(errors) == 1
    assert json.dumps(result.err)  # printable
