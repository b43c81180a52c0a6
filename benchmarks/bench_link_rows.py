"""Peak memory and time of `srbgraph link` on a GENESIS-shaped table of many rows, and of
`srbgraph review import` on hostile workbooks (issue 25: link held 19–34 KB per row; review import
grew past 4 GB on a 1.8 KB file with one cell at XFD1048576).

The table is a nationwide Gemeinde table as GENESIS writes it (title, two header rows, ``;``,
ISO-8859-1, German numbers and official signs, a footer): a Stichtag per block, the Land rows and
the Kreise of Rhineland-Palatinate in every block (linked), and Gemeinden of other Länder (counted
as unmatched, not kept). Each command runs in a child; its peak resident set is read from
``getrusage(RUSAGE_CHILDREN)`` (ru_maxrss, in KB on Linux).

A plain table (``--plain``: a key column and three columns of numbers, no GENESIS head) is the same
in shape: in every block of 10,000 rows the 36 Kreise of Rhineland-Palatinate by their AGS (linked)
and Gemeinden of other Länder (unmatched); as CSV of ``--rows`` rows and as an XLSX workbook of
``--xlsx-rows`` rows. ``--linked all`` makes every row a Kreis of Rhineland-Palatinate (every row
linked: memory then grows with the linked rows, as it must — each is a record in the store and a
line of the report).

    python3 benchmarks/bench_link_rows.py --rows 1000000
    python3 benchmarks/bench_link_rows.py --rows 100000 --pythonpath /tmp/srb-before   # another checkout
    python3 benchmarks/bench_link_rows.py --plain --only link --rows 1000000 --xlsx-rows 100000
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

KREISE = ["07111", "07131", "07132", "07133", "07134", "07135", "07137", "07138", "07140", "07141", "07143",
          "07211", "07231", "07232", "07233", "07235", "07311", "07312", "07313", "07314", "07315", "07316",
          "07317", "07318", "07319", "07320", "07331", "07332", "07333", "07334", "07335", "07336", "07337",
          "07338", "07339", "07340"]


def genesis_table(path: Path, rows: int) -> Path:
    per_block = 10_000
    with open(path, "w", encoding="latin-1", newline="") as out:
        out.write("12411-01-01-5;;;;\nBevölkerung nach Gemeinden - Stichtag 31.12. -;;;;\n"
                  ";;;Einwohner;Anteil unter 6 Jahren\n;;;Anzahl;Prozent\n")
        written, block = 0, 0
        while written < rows:
            date = f"31.12.{1900 + block}"
            out.write(f"{date};DG;Deutschland;84.358.845;5,8\n{date};07;Rheinland-Pfalz;4.159.150;5,7\n")
            written += 2
            for key in KREISE:
                out.write(f"{date};{key};      Kreis {key};{(int(key) % 997) * 131:,};{key[-1]},1\n".replace(",", "."))
                written += 1
            for n in range(min(per_block, rows - written)):
                out.write(f"{date};09{n:06d};      Gemeinde {n};{n % 9000 + 12};{'(' + str(n % 7) + ')' if n % 5 else '-'}\n")
                written += 1
            block += 1
        out.write("__________\nDatenlizenz Deutschland - Namensnennung - Version 2.0\nStand: 12.04.2024 / 10:23:45\n")
    return path


def plain_rows(rows: int, linked: str):
    """Rows of a plain table: ``[key, n1, n2, n3]``, the Kreise of Rhineland-Palatinate in every
    block of 10,000 (every row with ``linked="all"``), the rest Gemeinden of other Länder."""
    written = 0
    while written < rows:
        block = KREISE if linked == "block" else KREISE * 278
        for key in block[:rows - written]:
            yield [key, int(key) % 997, f"{int(key) % 89},5", written % 1000]
            written += 1
        for n in range(min(10_000 - len(block), rows - written) if linked == "block" else 0):
            yield [f"09{n:06d}", n % 9000 + 12, f"{n % 50},{n % 10}", written % 1000]
            written += 1


def plain_table(path: Path, rows: int, linked: str) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("Kreisschlüssel;Einwohner;Anteil unter 6 Jahren;Plätze\n")
        out.writelines(";".join(map(str, row)) + "\n" for row in plain_rows(rows, linked))
    return path


def plain_workbook(path: Path, rows: int, linked: str) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tabelle")
    sheet.append(["Kreisschlüssel", "Einwohner", "Anteil unter 6 Jahren", "Plätze"])
    for key, n1, n2, n3 in plain_rows(rows, linked):
        sheet.append([key, n1, float(n2.replace(",", ".")), n3])
    book.save(path)
    return path


def far_cell_workbook(path: Path) -> Path:
    """A header and one cell at XFD1048576, no <dimension>: 1.8 KB."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        out.writestr("_rels/.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                     f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        out.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="s" sheetId="1" '
                     'r:id="rId1"/></sheets></workbook>')
        out.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
                     f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        out.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData><row r="1">'
                     '<c r="A1" t="inlineStr"><is><t>Verknüpfung (link)</t></is></c>'
                     '<c r="B1" t="inlineStr"><is><t>Urteil (verdict)</t></is></c>'
                     '<c r="C1" t="inlineStr"><is><t>Fingerabdruck (fingerprint)</t></is></c></row>'
                     '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                     '</sheetData></worksheet>')
    return path


def zip_bomb(path: Path, inflated: int) -> Path:
    far_cell_workbook(path)
    row = b"<row>" + b'<c t="inlineStr"><is><t>' + b"a" * 40 + b"</t></is></c>" * 1 + b"</row>"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as out:
        with out.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as member:
            for _ in range(inflated // len(row)):
                member.write(row)
    return path


def measure(args: list, pythonpath: str | None, limit: float) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, last stderr line) of `srbgraph ARGS` in a child."""
    env = {**os.environ}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    try:
        # run from the root folder: `python -m` puts the working folder first on the path, before PYTHONPATH
        done = subprocess.run([sys.executable, "-m", "srbgraph", *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=limit, cwd="/")
        code, last = done.returncode, (done.stderr.strip().splitlines() or [""])[-1]
    except subprocess.TimeoutExpired:
        code, last = -1, f"(stopped after {limit:g} s)"
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest child so far: run the largest case last, or alone
    return code, seconds, max(peak, before) / 1024, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pythonpath", help="run srbgraph from this checkout (a 'before' measurement)")
    parser.add_argument("--limit", type=float, default=900, help="seconds before a run is stopped")
    parser.add_argument("--only", choices=["link", "review"], help="only one of the two")
    parser.add_argument("--plain", action="store_true",
                        help="link a plain CSV table (--rows) and an XLSX workbook (--xlsx-rows), not GENESIS")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="rows of the workbook with --plain (0: none)")
    parser.add_argument("--linked", choices=["block", "all"], default="block",
                        help="--plain: the 36 Kreise in every block of 10,000 rows, or every row a Kreis")
    args = parser.parse_args()
    options = Path(args.pythonpath or Path(__file__).resolve().parent.parent) / "srbgraph" / "cli" / "options.py"
    extra = ["--timeout", "0"] if '"--timeout"' in options.read_text(encoding="utf-8") else []  # an older checkout
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.only != "link":
            data = tmp / "data"
            import shutil

            from srbgraph import resources

            shutil.copytree(resources.data_dir(), data)
            for name, path in (("far cell", far_cell_workbook(tmp / "far.xlsx")),
                               ("zip bomb 1 GB", zip_bomb(tmp / "bomb.xlsx", 1 << 30))):
                code, seconds, peak, last = measure(["review", "import", path, "--reviewer", "X", "--data", data],
                                                    args.pythonpath, args.limit)
                print(f"review import, {name} ({path.stat().st_size:,} bytes): exit {code}, {seconds:.1f} s, "
                      f"peak {peak:,.0f} MB (largest child so far) — {last[:150]}")
        if args.only != "review" and args.plain:
            cases = [("CSV", plain_table(tmp / "plain.csv", args.rows, args.linked), args.rows)]
            if args.xlsx_rows:
                cases.append(("XLSX", plain_workbook(tmp / "plain.xlsx", args.xlsx_rows, args.linked), args.xlsx_rows))
            for kind, table, rows in sorted(cases, key=lambda case: case[2]):  # the largest last (ru_maxrss)
                code, seconds, peak, last = measure(["link", table, "--key", "Kreisschlüssel", "--store",
                                                     tmp / f"store-{kind}", *extra], args.pythonpath, args.limit)
                print(f"link, plain {kind} table of {rows:,} rows ({args.linked} linked; "
                      f"{table.stat().st_size / 1e6:.0f} MB): exit {code}, {seconds:.1f} s, "
                      f"peak {peak:,.0f} MB (largest child so far) — {last[:150]}")
        elif args.only != "review":
            table = genesis_table(tmp / "genesis.csv", args.rows)
            code, seconds, peak, last = measure(["link", table, "--store", tmp / "store", *extra],
                                                args.pythonpath, args.limit)
            print(f"link, GENESIS table of {args.rows:,} rows ({table.stat().st_size / 1e6:.0f} MB): exit {code}, "
                  f"{seconds:.1f} s, peak {peak:,.0f} MB — {last[:150]}")


if __name__ == "__main__":
    main()
