#!/usr/bin/env python3
"""Writes the catalogue of bad input (Tests/ShnorTests/CatalogueTests.swift states what each must
give). Run from this folder: python3 generate.py. Large cases (a 10-million-character field, a
line of 100 000 cells) are made by the tests themselves, not committed."""

import gzip
import pathlib

here = pathlib.Path(__file__).parent


def write(name, data):
    (here / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


header = "Школа;Класс;Балл\n"
write("cp1251-declared-utf8.csv", (header + "Кошайская СОШ;5А;4\n").encode("cp1251"))
write("invalid-utf8-middle.csv", header.encode() + "СОШ 1;5А;4\nСОШ 2;6".encode() + b"\xc3\x28" + ";3\n".encode())
# One stray NUL deep in an otherwise normal file (a file full of them is refused as binary).
rows = "".join(f"СОШ {i};5А;4\n" for i in range(1, 201))
write("nul-byte.csv", (header + rows).encode() + "СОШ 201;6Б".encode() + b"\x00" + ";3\n".encode())
write("bom-in-middle.csv", b"\xef\xbb\xbf" + header.encode() + "СОШ 1;5А;4\n".encode() + b"\xef\xbb\xbf" + header.encode() + "СОШ 2;6Б;3\n".encode())
write("unterminated-quote-header.csv", '"Школа;Класс;Балл\nСОШ 1;5А;4\nСОШ 2;6Б;3\n')
write("unterminated-quote-middle.csv", header + 'СОШ 1;5А;4\nСОШ 2;"6Б;3\nСОШ 3;7В;5\nСОШ 4;"8Г";2\n')
write("unterminated-quote-last.csv", header + 'СОШ 1;5А;4\nСОШ 2;6Б;"3\n')
write("quote-then-text.csv", header + 'СОШ 1;"5А"Б;4\n')
write("png-renamed.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00")
write("xlsx-as-csv.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml" + b"\x00" * 20 + b"xl/workbook.xml")
write("xls-as-csv.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
write("pdf-as-csv.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
write("gzip-as-csv.csv", gzip.compress(header.encode() * 10, mtime=0))
write("binary-junk.csv", bytes((i * 37 + 11) % 256 for i in range(4096)))
write("utf16-cut-in-half.csv", b"\xff\xfe" + header.encode("utf-16-le") + "СОШ 1;5А;4\n".encode("utf-16-le")[:-1])
write("cp1251-undefined-byte.csv", (header + "СОШ 1;5А;4\n").encode("cp1251") + b"\x98;1;2\n")
write("ragged.csv", header + "СОШ 1;5А;4\nСОШ 2;6Б\nСОШ 3;7В;5;лишнее\n")
write("empty.csv", b"")
write("header-only.csv", header)
# shnor draft: an export no kind fits, and lesson protocols without the observer column.
write("draft-unclassifiable.csv", "Город;Комментарий\nСосьва;Хорошо бы больше семинаров\nСеров;Нет замечаний\nСосьва;Спасибо\n")
write(
    "draft-observation-no-observer.csv",
    "Дата посещения;ФИО педагога;Образовательная организация;1.1 Цель урока;1.2 Планируемые результаты;2.1 Групповая работа\n"
    "15.05.2024;Фёдорова Светлана Николаевна;МКОУ СОШ № 2 р.п. Сосьва;1;2;0\n"
    "16.05.2024;Козлов Алексей Олегович;МКОУ СОШ № 2 р.п. Сосьва;0;1;1\n",
)
