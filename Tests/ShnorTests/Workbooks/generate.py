#!/usr/bin/env python3
"""Writes the small workbooks of WorkbookInputTests and the catalogue (Tests/ShnorTests): .xlsx
files written part by part, so each holds exactly the case it tests (shared and inline strings,
number formats, the 1904 date system, gaps, a merged header, two sheets, a document type, a
ZIP bomb). Run from this folder: python3 generate.py.

The satisfaction sample as a workbook was made once with LibreOffice 7.4 from
Surveys/samples/november-satisfaction-2023.csv (every cell kept as text, as the CSV has it):

    soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx november-satisfaction-2023.csv
    soffice --headless --infilter="CSV:44,34,76,1" --convert-to 'xls:MS Excel 97' november-satisfaction-2023.csv

and the same with the Russian locale (`--infilter="CSV:44,34,76,1,,1049"`), which reads the
timestamps as date cells, as november-satisfaction-2023-dates.xlsx and .xls;
and two-sheets.xls from two-sheets.xlsx below: soffice --headless --convert-to 'xls:MS Excel 97' two-sheets.xlsx
"""

import pathlib
import zipfile
from xml.sax.saxutils import escape

here = pathlib.Path(__file__).parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
# Cell styles: 0 General, 1 a date (14), 2 date and time (22), 3 time (21), 4 «0.00», 5 «0.0%»,
# 6 a custom «dd.mm.yyyy hh:mm», 7 «#,##0».
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="dd\\.mm\\.yyyy\\ hh:mm"/></numFmts><cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="21" applyNumberFormat="1"/><xf numFmtId="2" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="3" applyNumberFormat="1"/></cellXfs></styleSheet>"""


class Entries:
    """Writes entries with one fixed date, so that the books come out the same on every run."""

    def __init__(self, archive, method):
        self.archive, self.method = archive, method

    def writestr(self, name, text):
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 30, 0, 0, 0))
        info.compress_type = self.method
        self.archive.writestr(info, text)


def book(name, sheets, strings=(), date1904=False, doctype="", stored=False):
    """sheets: [(sheet name, rows XML)]; strings: the shared strings."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1))
    listed = "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, (n, _) in enumerate(sheets, 1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1))
    count = len(sheets)
    rels += f'<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>'
    rels += f'<Relationship Id="rId{count + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(here / name, "w", method) as archive:
        z = Entries(archive, method)
        z.writestr("[Content_Types].xml", TYPES.format(sheets=overrides))
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="{"1" if date1904 else "0"}"/><sheets>{listed}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
        for i, (_, rows) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>')


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


# 2023-11-20 is day 45 250 of the 1900 system and day 43 788 of the 1904 one; 09:27:20 is 34 040 s.
moment = 34040 / 86400
def formats_rows(day):
    return (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>'
        # Row 2: an integer, a decimal, float noise, «0.00», «0.0%», an inline string, a boolean.
        f'<row r="2"><c r="A2"><v>12</v></c><c r="B2"><v>3.5</v></c><c r="C2"><v>0.30000000000000004</v></c><c r="D2" s="4"><v>2</v></c><c r="E2" s="5"><v>0.456</v></c>{inline("F2", "Школа №1 «Лицей»")}<c r="G2" t="b"><v>1</v></c></row>'
        # Row 4 (row 3 left out): a date, date and time, a time, a custom format, «#,##0», text «01», a rich shared string.
        f'<row r="4"><c r="A4" s="1"><v>{day}</v></c><c r="B4" s="2"><v>{day + moment}</v></c><c r="C4" s="3"><v>{moment}</v></c><c r="D4" s="6"><v>{day + moment}</v></c><c r="E4" s="7"><v>1234567</v></c><c r="F4" t="s"><v>7</v></c><c r="G4" t="b"><v>0</v></c></row>'
        # Row 5: cells A and D only (B, C empty; E–G absent), an error value.
        f'<row r="5"><c r="A5" t="s"><v>8</v></c><c r="D5" t="e"><v>#N/A</v></c></row>'
    )


strings = ["Целое", "Дробное", "Сумма", "Два знака", "Процент", "Текст", "Логическое", "01", "только A и D"]
book("formats.xlsx", [("Значения", formats_rows(45250))], strings)
book("formats-1904.xlsx", [("Значения", formats_rows(43788))], strings, date1904=True)

# A merged group row over the column names, as Excel reports have (B1:C1 «Математика» merged:
# the value stands in B1, C1 is empty), and two sheets to choose from.
merged = (
    f'<row r="1">{inline("B1", "Математика")}{inline("D1", "Русский язык")}</row>'
    f'<row r="2">{inline("A2", "Школа")}{inline("B2", "Балл")}{inline("C2", "Отметка")}{inline("D2", "Балл")}{inline("E2", "Отметка")}</row>'
    f'<row r="3">{inline("A3", "СОШ № 1")}<c r="B3"><v>14</v></c><c r="C3"><v>4</v></c><c r="D3"><v>30</v></c><c r="E3"><v>5</v></c></row>'
    f'<row r="4">{inline("A4", "СОШ № 2")}<c r="B4"><v>9</v></c><c r="C4"><v>3</v></c><c r="D4"><v>22</v></c><c r="E4"><v>4</v></c></row>'
)
summary = f'<row r="1">{inline("A1", "Всего школ")}<c r="B1"><v>2</v></c></row>'
answers = (
    f'<row r="1">{inline("A1", "Школа")}{inline("B1", "Ответ")}</row>'
    f'<row r="2">{inline("A2", "СОШ № 1")}{inline("B2", "да")}</row>'
    f'<row r="3">{inline("A3", "СОШ № 2")}{inline("B3", "нет")}</row>'
)
book("two-sheets.xlsx", [("Сводка", summary), ("Ответы", answers)])
book("merged-header.xlsx", [("Результаты", merged)])

# Hostile books for the catalogue.
laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
book("../Catalogue/xml-bomb.xlsx", [("Лист1", f'<row r="1">{inline("A1", "&lol2;")}</row>')], doctype=laughs)
book("../Catalogue/xxe.xlsx", [("Лист1", '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')],
     doctype='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
# 64 MiB of spaces inside the sheet compress to about 64 KiB: a thousand times.
book("../Catalogue/zip-bomb.xlsx", [("Лист1", f'<row r="1">{inline("A1", "Школа")}</row>' + " " * (64 << 20))])
book("../Catalogue/bad-shared-string.xlsx", [("Ответы", '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>7</v></c></row>')], ["Школа"])


def declare_smaller(name, part, size):
    """Rewrites the sizes `part` declares (central directory and local header) to `size` bytes:
    an archive whose entry inflates to more than it says."""
    import struct
    path = here / name
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == part.encode():
            struct.pack_into("<I", data, at + 24, size)
            local = struct.unpack("<I", data[at + 42:at + 46])[0]
            struct.pack_into("<I", data, local + 22, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


book("../Catalogue/lying-size.xlsx", [("Значения", formats_rows(45250))], strings)
declare_smaller("../Catalogue/lying-size.xlsx", "xl/worksheets/sheet1.xml", 100)

# A row a trillion rows below the one before: the gap is counted, never walked.
far = (
    f'<row r="1">{inline("A1", "Школа")}{inline("B1", "Ответ")}</row>'
    f'<row r="2">{inline("A2", "СОШ № 1")}{inline("B2", "да")}</row>'
    f'<row r="1000000000002">{inline("A1000000000002", "СОШ № 2")}{inline("B1000000000002", "нет")}</row>'
)
book("far-row.xlsx", [("Ответы", far)])

# The sample export as the second sheet of a book whose first sheet is a title page: the
# workbench's sheet choice (Tests/WorkbenchTests) drafts from the sheet the analyst picks.
with zipfile.ZipFile(here / "november-satisfaction-2023.xlsx") as source, zipfile.ZipFile(
    here / "november-satisfaction-2023-two-sheets.xlsx", "w", zipfile.ZIP_DEFLATED
) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/workbook.xml":
            data = data.replace(
                b'<sheet name="november-satisfaction-2023" sheetId="1" state="visible" r:id="rId2"/>',
                '<sheet name="Титул" sheetId="2" state="visible" r:id="rId9"/>'
                '<sheet name="Ответы" sheetId="1" state="visible" r:id="rId2"/>'.encode())
        elif item.filename == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet9.xml"/></Relationships>')
        elif item.filename == "[Content_Types].xml":
            data = data.replace(
                b"</Types>",
                b'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        target.writestr(item, data)
    target.writestr(
        "xl/worksheets/sheet9.xml",
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="1">{inline("A1", "Анкетирование педагогов, ноябрь 2023")}</row></sheetData></worksheet>')
