"""Hostile or broken input is refused fast, in one line naming the file (and line), with exit 1 and
nothing written: YAML alias bombs, XLSX zip bombs and far cells, XML entity bombs, remote JSON-LD
contexts, oversized files; a YAML syntax error comes alone, and quoted values are cut short."""
from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

import srbgraph

PACKAGE_ROOT = str(Path(srbgraph.__file__).resolve().parent.parent)
LIMIT_AS = 2 * 1024 ** 3


def run_bounded(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """`srbgraph ARGS` in a subprocess with at most 2 GB of address space and *timeout* seconds."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))

    env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
    return subprocess.run([sys.executable, "-m", "srbgraph", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limit, env=env)


def error_lines(text: str) -> list[str]:
    """The lines of standard error, without the progress notes ("building the graph …")."""
    return [line for line in text.splitlines() if line.strip() and not line.endswith(" …")]


# --------------------------------------------------------------------------------------------
# YAML
# --------------------------------------------------------------------------------------------
def alias_bomb() -> str:
    text = ("type: Obstacle\nentities:\n  - id: bomb\n    label_de: Bombe\n    label_en: Bomb\n"
            "    hinders:\n      - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
    for level in range(1, 9):
        text += f"      - &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]\n"
    return text + "      - [" + ", ".join(["*a8"] * 9) + "]\n"


def test_a_yaml_alias_bomb_is_refused_in_one_line(data_copy, tmp_path):
    bomb = data_copy / "zz_bomb.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    assert bomb.stat().st_size < 1024
    result = run_bounded("validate", "--data", data_copy)
    assert result.returncode == 1, result.stderr[-2000:]
    lines = error_lines(result.stderr)
    assert len(lines) == 2, lines[:5]
    assert "zz_bomb.yaml:8: YAML alias '*a0' refused" in lines[0]
    assert lines[1] == "srbgraph: error: 1 problem in the data; nothing was written"


def test_a_mapping_file_with_aliases_is_refused(srbgraph, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("key: &k Kreis\nname: *k\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("Kreis;n\nSpeyer;1\n", encoding="utf-8")
    result = srbgraph("link", table, "--mapping", mapping, "--store", tmp_path / "store")
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: {mapping}:2: YAML alias '*k' refused: srbgraph "
                                       "reads no anchors and aliases (write the value out)"]


def test_a_yaml_syntax_error_comes_first_without_knock_on_problems(srbgraph, data_copy):
    goals = data_copy / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    goals.write_text(text.replace("entities:\n", "entities:\n  - id: [broken\n", 1), encoding="utf-8")
    (data_copy / "aa_typo.yaml").write_text(  # a problem of its own, in a file sorted before
        "type: Obstacle\nentities:\n  - id: typo\n    type: Obstacel\n    label_de: T\n    label_en: T\n"
        "    hinders: [{to: goal-orientierung-an-bedarfn, support: interpreted, rationale: r, "
        "evidence: [{quote: q, section: s}]}]\n    evidence:\n      - quote: q\n        section: s\n",
        encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    lines = error_lines(result.err)
    assert len(lines) == 4, lines[:6]
    assert "goals.yaml:" in lines[0] and "YAML syntax error" in lines[0]
    assert "aa_typo.yaml:4: typo: unknown type 'Obstacel'" in lines[1]
    # a reference to an id of no file is still reported; the goals of the broken file are not
    assert "refers to unknown id 'goal-orientierung-an-bedarfn'" in lines[2]
    assert result.err.count("unknown id") == 1
    assert lines[3] == "srbgraph: error: 3 problems in the data; nothing was written"


def test_quoted_values_are_cut_short(srbgraph, data_copy):
    long_id = "goal-" + "x" * 5000
    (data_copy / "zz_long.yaml").write_text(
        "type: Obstacle\nentities:\n  - id: long-target\n    label_de: Lang\n    label_en: Long\n"
        f"    hinders: [{{to: {long_id}, support: interpreted, rationale: r, evidence: [{{quote: q, section: s}}]}}]\n"
        f"    {'y' * 1000}: 1\n    evidence:\n      - quote: q\n        section: s\n",
        encoding="utf-8")
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    lines = error_lines(result.err)
    assert any("refers to unknown id 'goal-xxx" in line for line in lines)
    assert any("unknown field 'yyy" in line for line in lines)
    assert all(len(line) < 300 for line in lines), max(map(len, lines))


def test_an_oversized_yaml_file_is_refused_naming_the_limit(srbgraph, data_copy, monkeypatch):
    monkeypatch.setattr("srbgraph.curated.read.MAX_YAML_BYTES", 1000)
    result = srbgraph("validate", "--data", data_copy)
    assert result.code == 1
    assert "srbgraph reads data files of at most 1,000 bytes" in result.err
    assert "unknown id" not in result.err


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------
def small_workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Kreis", "n"])
    book.active.append(["Speyer", 1])
    book.save(path)
    return path


def inflating_workbook(path: Path, tmp_path: Path, inflated: int) -> Path:
    """A valid workbook whose sheet part is *inflated* bytes of rows that compress very well."""
    source = zipfile.ZipFile(small_workbook(tmp_path / "source.xlsx"))
    row = b'<row><c t="inlineStr"><is><t>Speyer</t></is></c></row>' * 20_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, source.read(info.filename))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData>')
                for _ in range(inflated // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return path


def test_an_xlsx_zip_bomb_is_refused_before_reading(tmp_path):
    bomb = inflating_workbook(tmp_path / "bomb.xlsx", tmp_path, 1 << 30)
    assert bomb.stat().st_size < 5_000_000
    inflated = sum(info.file_size for info in zipfile.ZipFile(bomb).infolist())
    assert inflated > 1_000_000_000
    result = run_bounded("link", bomb, "--key", "Kreis", "--store", tmp_path / "store")
    assert result.returncode == 1
    assert error_lines(result.stderr)[-1] == (
        f"srbgraph: error: {bomb}: the workbook inflates to {inflated:,} bytes; srbgraph reads "
        "workbooks that inflate to at most 500,000,000")


def test_an_xlsx_part_that_inflates_too_far_is_refused(srbgraph, tmp_path):
    bomb = inflating_workbook(tmp_path / "ratio.xlsx", tmp_path, 50_000_000)
    result = srbgraph("link", bomb, "--key", "Kreis", "--store", tmp_path / "store")
    assert result.code == 1
    assert "the part 'xl/worksheets/sheet1.xml' inflates" in result.err
    assert "srbgraph reads parts that inflate at most 100-fold" in result.err


def test_an_xlsx_with_a_far_cell_is_refused_fast(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Kreis", "n"])
    book.active.append(["Speyer", 1])
    book.active["XFD1048576"] = "x"
    far = tmp_path / "far.xlsx"
    book.save(far)
    assert far.stat().st_size < 10_000
    result = run_bounded("link", far, "--key", "Kreis", "--store", tmp_path / "store")
    assert result.returncode == 1
    assert error_lines(result.stderr)[-1] == (
        f"srbgraph: error: {far}: the first sheet declares 16,384 columns × 1,048,576 rows; srbgraph "
        "reads at most 1,000 columns and 10,000,000 cells")


def test_an_xlsx_with_a_dtd_is_refused(srbgraph, tmp_path):
    source = zipfile.ZipFile(small_workbook(tmp_path / "source.xlsx"))
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(evil, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data
            out.writestr(info, data)
    result = srbgraph("link", evil, "--key", "Kreis", "--store", tmp_path / "store")
    assert result.code == 1
    assert f"{evil}[xl/workbook.xml]:1: the document type declaration <!DOCTYPE x …> is refused" in result.err


def test_an_oversized_table_is_refused_naming_the_limit(srbgraph, tmp_path, monkeypatch):
    monkeypatch.setattr("srbgraph.model.tables_in.MAX_TABLE_BYTES", 10)
    table = tmp_path / "t.csv"
    table.write_text("Kreis;n\nSpeyer;1\n", encoding="utf-8")
    result = srbgraph("link", table, "--key", "Kreis", "--store", tmp_path / "store")
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: {table}: the file has 17 bytes; srbgraph reads "
                                       "tables of at most 10 bytes"]


# --------------------------------------------------------------------------------------------
# RDF: entity declarations, remote contexts
# --------------------------------------------------------------------------------------------
ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/k"><ex:key>07111</ex:key><ex:name>&g;</ex:name></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("command", ["link", "check"])
def test_an_xml_entity_bomb_is_refused(tmp_path, command):
    bomb = tmp_path / "lol.rdf"
    bomb.write_text(ENTITY_BOMB, encoding="utf-8")
    args = (["link", bomb, "--key", "key", "--store", tmp_path / "store"] if command == "link"
            else ["check", "--graph", bomb])
    result = run_bounded(*args)
    assert result.returncode == 1
    assert error_lines(result.stderr)[-1] == (
        f"srbgraph: error: {bomb}:3: declares the XML entity 'a'; srbgraph reads XML without entity "
        "declarations or a DTD (they can expand to gigabytes or fetch files)")


class Listener:
    """A TCP listener on loopback that counts the connections it is offered."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


@pytest.mark.parametrize("context", ["url", "list"])
@pytest.mark.parametrize("command", ["link", "check"])
def test_a_remote_jsonld_context_is_never_fetched(srbgraph, tmp_path, listener, context, command):
    url = f"http://127.0.0.1:{listener.port}/context.jsonld"
    ctx = f'"{url}"' if context == "url" else f'[{{"ex": "http://example.org/"}}, "{url}"]'
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{\n  "@context": ' + ctx + ',\n  "@id": "http://example.org/k",\n'
                   '  "http://example.org/key": "07111"\n}\n', encoding="utf-8")
    args = (["link", doc, "--key", "key", "--store", tmp_path / "store"] if command == "link"
            else ["check", "--graph", doc])
    result = srbgraph(*args)
    assert result.code == 1, result
    assert error_lines(result.err)[-1] == (
        f"srbgraph: error: {doc}:2: the JSON-LD context '{url}' lies elsewhere; srbgraph fetches "
        "nothing from the network (write the context into the file)")
    listener.close()
    assert listener.connections == 0


def test_an_inline_jsonld_context_is_read(srbgraph, tmp_path, listener):
    doc = tmp_path / "inline.jsonld"
    doc.write_text('{"@context": {"ex": "http://example.org/"}, "@graph": ['
                   '{"@id": "ex:k", "ex:key": "07111"}, {"@id": "ex:m", "ex:key": "07315"}]}',
                   encoding="utf-8")
    result = srbgraph("link", doc, "--key", "key", "--store", tmp_path / "store", "-f", "json")
    assert result.code == 0, result
    assert [m["region"] for m in json.loads(result.out)["matched"]] == [
        "region-koblenz", "region-mainz"]


def test_deeply_nested_json_is_refused(srbgraph, tmp_path):
    doc = tmp_path / "deep.jsonld"
    doc.write_text("[" * 200 + "]" * 200, encoding="utf-8")
    result = srbgraph("check", "--graph", doc)
    assert result.code == 1
    assert "nested more than 100 levels deep" in result.err


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------
def test_no_space_left_names_the_file_and_leaves_no_temporary_file(srbgraph, tmp_path, monkeypatch):
    """The disk is full for the folder of the output file: writing there fails with ENOSPC."""
    import errno
    import tempfile

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "srb.ttl"
    out.write_text("previous\n", encoding="utf-8")
    full: set[int] = set()
    real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        if Path(name).parent == out_dir:
            full.add(fd)
        return fd, name

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        return FullDisk(handle) if fd in full else handle

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    result = srbgraph("export", "-f", "ttl", "-o", out)
    assert full, "the output was not written through write_atomic"
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: No space left on device: {out}"]
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in out_dir.iterdir()] == ["srb.ttl"]


def test_several_files_are_written_all_or_none(tmp_path, monkeypatch):
    """`review import --apply` writes data/reviews.yaml and its neighbours together: a disk that
    fills up at the second file leaves the first as it was too, and no temporary file behind."""
    import errno

    from srbgraph.files import write_atomic_many

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("old a\n", encoding="utf-8")
    second.write_text("old b\n", encoding="utf-8")
    real_fdopen, opened = os.fdopen, []

    def fdopen(fd, *args, **kwargs):
        opened.append(fd)
        if len(opened) == 2:
            os.close(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(OSError):
        write_atomic_many({first: b"new a\n", second: b"new b\n"})
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == ("old a\n", "old b\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    write_atomic_many({first: b"new a\n", second: b"new b\n"})
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == ("new a\n", "new b\n")


def test_a_query_file_or_standard_input_is_read_only_so_far(srbgraph, tmp_path):
    """A query is text of a few kilobytes: more than a megabyte, or bytes that are not UTF-8, get
    one line naming where the query came from (and the line of the bad byte)."""
    huge = tmp_path / "huge.rq"
    huge.write_bytes(b"SELECT * WHERE { ?s ?p ?o }\n" + b"#" * 1_100_000)
    result = srbgraph("query", huge)
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: {huge}: a query larger than 1 MB is refused"]
    result = srbgraph("query", "-", input="SELECT * WHERE { ?s ?p ?o }\n" + " " * 1_100_000)
    assert error_lines(result.err) == ["srbgraph: error: <stdin>: a query larger than 1 MB is refused"]
    latin = tmp_path / "latin.rq"
    latin.write_bytes('SELECT * WHERE {\n  ?s ?p "Fachkräfte" }\n'.encode("latin-1"))
    result = srbgraph("query", latin)
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: {latin}: line 2: not UTF-8 text"]
    assert srbgraph("query", "-", input="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").code == 0


def test_a_graph_file_that_is_no_turtle_says_why_in_one_line(srbgraph, tmp_path):
    """A file without a known suffix is read as Turtle; when it is something else the one line
    names the file and rdflib's reason, not just where the parser stopped."""
    notes = tmp_path / "notes"
    notes.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    result = srbgraph("paths", "--graph", notes)
    assert result.code == 1
    [line] = error_lines(result.err)
    assert line.startswith(f"srbgraph: error: cannot read {notes} as turtle: at line 1")
    assert 'Bad syntax (Prefix "root:" not bound)' in line


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", ["big.ttl", "big.nt", "big.rdf", "big.owl", "big.xml", "big.jsonld", "big.json",
                                  "big.n3", "big.nq", "big.trig", "big.ttl.gz", "big"])
def test_a_graph_file_over_the_cap_is_refused_whatever_its_format(srbgraph, tmp_path, name, engine):
    """`--graph FILE` obeys the one cap on RDF files in every format and with either engine (Oxigraph
    bulk-loads Turtle and N-Triples itself and once read them whatever their size). The file is sparse:
    one byte over the cap, no disk used."""
    from srbgraph.limits import MAX_TABLE_BYTES

    big = tmp_path / name
    with open(big, "wb") as handle:
        handle.truncate(MAX_TABLE_BYTES + 1)
    result = srbgraph("stats", "--graph", big, "--engine", engine)
    assert result.code == 1, result
    assert error_lines(result.err) == [f"srbgraph: error: {big}: the file has {MAX_TABLE_BYTES + 1:,} bytes; srbgraph "
                                       f"reads RDF files of at most {MAX_TABLE_BYTES:,} bytes"]


@pytest.mark.parametrize("name, content, message", [
    ("nul.csv", b"Kreisschluessel;Wert\n07131;1\x0007111;2\n",
     "nul.csv:2: a NUL byte: not a text table (UTF-16 or binary? save it as CSV in UTF-8)"),
    ("header.csv", b"Kreisschluessel;Wert\n", "header.csv: the table has a header but no rows"),
    ("wide.csv", b"Kreisschluessel;Wert\n07131;1\n07111;2;9\n",
     "wide.csv:3: 3 cells, the header has 2: a value beyond the last column"),
])
def test_a_table_that_would_be_linked_wrong_is_refused(srbgraph, tmp_path, name, content, message):
    """Each of these linked before with exit 0: the NUL went into the graph and a row was lost, a
    header alone replaced a linked graph with an empty one, the extra cell was dropped."""
    table = tmp_path / name
    table.write_bytes(content)
    result = srbgraph("link", table, "--key", "Kreisschluessel", "--store", tmp_path / "store")
    assert result.code == 1
    assert error_lines(result.err) == [f"srbgraph: error: {tmp_path / message}"]
