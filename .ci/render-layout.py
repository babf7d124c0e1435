#!/usr/bin/env python3
"""The layout checks of .ci/render-check on one Word note as LibreOffice printed it.

    render-layout.py check FOLDER NOTE.docx NOTE.html NAME   (FOLDER holds the printed note.pdf)
    render-layout.py break KIND NOTE.docx BROKEN.docx         (KIND: word, hyphen, page, target)
    render-layout.py table-page FOLDER NOTE.docx              (prints the first page after page 1 with a table)

`check` fails (status 1, one «render-check: FAIL» line per finding) when
 1. a word of the PDF is not a word of the note: broken inside itself in a narrow table cell
    («От вет ов», «79, 2 %») or hyphenated at a line's end («Испыт-ывают»); a word may break
    only at its own hyphen, dash or slash («школы-» «партнёра»);
 2. a page other than the last holds less than a quarter of text: its words (charts' labels
    count, the footer's page number does not) span less than a quarter of the printable height;
 3. a chart with a target line in the HTML note has none in the Word note.
`break` writes a copy of the note broken in one of these ways, for `render-check --self-test`.
"""
import html as htmlmod
import re
import subprocess
import sys
import zipfile

SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u200b]+")
# A4's printable height is the page's less the Word note's 2 cm margins; the footer sits in them.
MARGIN = 56.7  # 2 cm in points


def words(text):
    return [w for w in SPACES.split(text.replace("\u00ad", "")) if w]


def pieces(word):
    """A word and every run of the parts a line may break it into at its own hyphens, dashes, slashes."""
    parts = [p for p in re.split(r"(?<=[-–—/])", word) if p]
    return [word] + ["".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)]


def note_words(text):
    # A non-breaking space may print as no space at all («№2»): both forms are the note's.
    return [p for w in words(text) + words(re.sub(r"[\u00a0\u202f]", "", text)) for p in pieces(w)]


def read_parts(docx_path):
    with zipfile.ZipFile(docx_path) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")}


def chart_names(parts):
    return sorted((n for n in parts if re.match(r"word/charts/chart\d+\.xml$", n)), key=lambda n: int(re.findall(r"\d+", n)[0]))


def has_target(chart_xml):
    """A series named «<цель|порог|…> — N %»: the target's mark (DocxChart)."""
    return bool(re.search(r"<c:ser>(?:(?!</c:ser>).)*?<c:tx><c:v>[^<]* — [\d,]+\u00a0%</c:v></c:tx>", chart_xml))


def check(folder, docx_path, html_path, name):
    findings = []
    parts = read_parts(docx_path)
    # The note's words: every text Word is given (paragraphs and cells; charts' titles, labels and
    # series names), split only where a line may break: spaces and zero-width spaces.
    vocabulary = set()
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", parts["word/document.xml"]):
        vocabulary.update(note_words(htmlmod.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph)))))
    charts = chart_names(parts)
    for chart in charts:
        for text in re.findall(r"<(?:c:v|a:t)>([^<]*)</(?:c:v|a:t)>", parts[chart]):
            vocabulary.update(note_words(htmlmod.unescape(text)))

    pdf = f"{folder}/note.pdf"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    broken = []
    for page in range(1, pages + 1):
        # -layout: the other modes join a word hyphenated at a line's end, hiding the break.
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                              capture_output=True, text=True).stdout
        tokens = words(text)
        for index, token in enumerate(tokens):
            # Page numbers, chart axes and value labels («20%»), list markers («–», «3.»).
            if token in vocabulary or re.fullmatch(r"\d+%?|–|\d+\.", token):
                continue
            # A numbered list's number printed against its text («10.Доля»).
            number = re.match(r"\d+\.", token)
            if number and token[number.end():] in vocabulary:
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if token.endswith("-") and token[:-1] + following in vocabulary:
                broken.append(f"p. {page}: «{token}{following}» (перенос по слогам)")
            else:
                broken.append(f"p. {page}: «{token}»" + (f" (then «{following}»)" if following else ""))
    if broken:
        findings.append(f"{len(broken)} words broken or not the note's: " + "; ".join(broken[:8]) + (" …" if len(broken) > 8 else ""))

    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", bbox, re.S)[:-1], start=1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        spans = [(float(a), float(b)) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)]
        # The footer's page number starts a few points above the bottom margin's edge.
        spans = [s for s in spans if s[0] < height - MARGIN - 5]
        printable = height - 2 * MARGIN
        extent = max(b for a, b in spans) - min(a for a, b in spans) if spans else 0
        if extent < printable / 4:
            findings.append(f"page {number} of {pages} is {extent / printable:.0%} full (less than a quarter)")

    with open(html_path, encoding="utf-8") as file:
        page = file.read()
    html_targets = ['stroke-dasharray="6 4"' in svg for svg in re.findall(r"<svg.*?</svg>", page, re.S)]
    word_targets = [has_target(parts[c]) for c in charts]
    if len(html_targets) != len(word_targets):
        findings.append(f"{len(html_targets)} charts in the HTML note, {len(word_targets)} in the Word note")
    for index, (in_html, in_word) in enumerate(zip(html_targets, word_targets), start=1):
        if in_html and not in_word:
            findings.append(f"chart {index} has a target line in the HTML note but none in the Word note")

    for finding in findings:
        print(f"render-check: FAIL {name}: {finding}")
    if not findings:
        print(f"render-check: ok   {name}: {pages} pages, no word broken, no page under a quarter full, "
              f"{sum(word_targets)} of {len(word_targets)} charts with their target")
    return 1 if findings else 0


def break_note(kind, docx_path, broken_path):
    """A copy of the note broken one way, that `check` must catch."""
    parts = read_parts(docx_path)
    document = parts["word/document.xml"]
    if kind == "word":
        # Every table squeezed into 1,6 cm columns: the words of some break inside themselves
        # (the first table alone may hold only short words and numbers that still fit).
        document = re.sub(
            r"<w:tbl>.*?</w:tbl>",
            lambda table: re.sub(r'(<w:(?:gridCol|tcW) w:w=")\d+', r"\g<1>900", table.group(0)),
            document, flags=re.S)
    elif kind == "hyphen":
        # Soft hyphens in every long word, and automatic hyphenation on: LibreOffice breaks some.
        def soften(match):
            word = match.group(0)
            return "\u00ad".join(word[i:i + 3] for i in range(0, len(word), 3))
        document = re.sub(r"(?<=<w:t xml:space=\"preserve\">)[^<]+", lambda m: re.sub(r"[а-яё]{9,}", soften, m.group(0)), document)
    elif kind == "page":
        # A page break after the title: page 1 holds one line.
        document = document.replace("</w:p>", '</w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p>', 1)
    elif kind == "target":
        for chart in chart_names(parts):
            parts[chart] = re.sub(r"<c:ser><c:idx val=\"2\"/>(?:(?!</c:ser>).)*</c:ser>", "", parts[chart]) if has_target(parts[chart]) else parts[chart]
    parts["word/document.xml"] = document
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(broken_path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.namelist():
            target.writestr(entry, parts[entry].encode("utf-8") if entry in parts else source.read(entry))
    return 0


def table_page(folder, docx_path):
    """The first page after page 1 on which a table's header row begins a line (or 1 if none)."""
    document = read_parts(docx_path)["word/document.xml"]
    starts = set()
    for table in re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S):
        cell = re.search(r"<w:tc>.*?</w:tc>", table, re.S).group(0)
        first = words(htmlmod.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", cell))))
        if first:
            starts.add(first[0])
    pdf = f"{folder}/note.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    for page in range(2, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True, text=True).stdout
        if any(line.split() and line.split()[0] in starts for line in text.splitlines()):
            print(page)
            return 0
    print(1)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "table-page":
        sys.exit(table_page(*sys.argv[2:4]))
    if len(sys.argv) == 6 and sys.argv[1] == "check":
        sys.exit(check(*sys.argv[2:6]))
    if len(sys.argv) == 5 and sys.argv[1] == "break":
        sys.exit(break_note(*sys.argv[2:5]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
