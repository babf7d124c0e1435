#!/usr/bin/env python3
"""Writes the ingest fixtures. Each file is small, and the rows each must read as are stated
in the Swift tests next to it (Tests/IngestTests). Run from this folder: python3 generate.py.
The encoded files are committed; this script documents exactly how their bytes were made."""

import pathlib

here = pathlib.Path(__file__).parent

# The survey rows every encoding fixture carries. No «№»: KOI8-R has no such character.
HEADER = ["ФИО", "Школа", "Должность", "Удовлетворённость"]
ROWS = [
    ["Иванова Анна Петровна", "МАОУ СОШ 1 п. Сосьва", "учитель", "Полностью удовлетворена"],
    ["Ёлкин Пётр Ильич", "СОШ 2", "заместитель директора", "Скорее удовлетворён"],
    ["Яковлева Юлия", "школа 3", "учитель-предметник", "Затрудняюсь ответить"],
]


def table(delimiter=";", newline="\n", rows=ROWS, header=HEADER):
    def cell(value):
        if any(c in value for c in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value
    return "".join(delimiter.join(cell(v) for v in row) + newline for row in [header] + rows)


def write(name, data):
    (here / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


text = table()
write("enc-utf8.csv", text)
write("enc-utf8-bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
write("enc-utf16le-bom.csv", b"\xff\xfe" + text.encode("utf-16-le"))
write("enc-utf16be-bom.csv", b"\xfe\xff" + text.encode("utf-16-be"))
write("enc-windows-1251.csv", text.encode("cp1251"))
write("enc-koi8-r.csv", text.encode("koi8_r"))
write("enc-cp866.csv", text.encode("cp866"))
write("enc-x-mac-cyrillic.csv", text.encode("mac_cyrillic"))

# Twins: the same rows, as three different exports.
TWIN_ROWS = [
    ["Иванова Анна Петровна", "МАОУ СОШ № 1", "учитель", "Полностью удовлетворена", "Семинар «Функциональная грамотность», консультации"],
    ["Ёлкин Пётр", "СОШ №2 п. Сосьва", "заместитель директора", "Скорее удовлетворён", 'Мало времени на «разбор» уроков; хотелось бы больше'],
    ["Яковлева Юлия", "школа 3", "учитель", "Затрудняюсь ответить", "Первая строка\nвторая строка"],
]
TWIN_HEADER = HEADER + ["Комментарий"]
write("twin-utf8.csv", table(",", "\n", TWIN_ROWS, TWIN_HEADER))
write("twin-windows-1251-crlf.csv", table(";", "\r\n", TWIN_ROWS, TWIN_HEADER).encode("cp1251"))
write("twin-x-mac-cyrillic-cr.csv", table(";", "\r", TWIN_ROWS, TWIN_HEADER).encode("mac_cyrillic"))

# Damaged UTF-8: a stray 0xFF in line 3, column 2.
good = table().encode("utf-8").split(b"\n")
good[2] = good[2].replace("СОШ 2".encode(), "СОШ".encode() + b"\xff" + " 2".encode())
write("invalid-utf8.csv", b"\n".join(good))

# Dialects.
small_header = ["Школа", "Класс", "Балл"]
small_rows = [["СОШ 1", "5А", "4,5"], ["СОШ 2", "6Б", "3"]]
write("delim-comma.csv", table(",", "\n", small_rows, small_header))
write("delim-semicolon.csv", table(";", "\n", small_rows, small_header))
write("delim-tab.tsv", table("\t", "\n", small_rows, small_header))
write("delim-pipe.csv", table("|", "\n", small_rows, small_header))
write("sep-line.csv", "sep=;\r\n" + table(";", "\r\n", [["СОШ 1, п. Сосьва", "5А", "4,5"], ["СОШ 2", "6Б", "3,25"]], small_header))
write("endings-crlf.csv", table(";", "\r\n", small_rows, small_header))
write("endings-lf.csv", table(";", "\n", small_rows, small_header))
write("endings-cr.csv", table(";", "\r", small_rows, small_header))
write("endings-mixed.csv", "Школа;Класс;Балл\r\nСОШ 1;5А;4,5\nСОШ 2;6Б;3\rСОШ 3;7В;5\r\n")
write("quoted-newlines.csv",
      'Код;Комментарий;Оценка\n'
      '1;"Первая строка\nвторая ""важная"" строка";5\n'
      '2;"С переводом\r\nстроки Windows";4\n'
      '3;Без кавычек;3\n')

# Shapes.
write("header-only.csv", "ФИО;Школа;Должность\r\n")
write("empty.csv", b"")
write("no-final-newline.csv", "Школа;Балл\nСОШ 1;4\nСОШ 2;5")
write("blank-lines.csv", "Школа;Балл\n\nСОШ 1;4\n\r\n;\nСОШ 2;5\n\n")
write("trailing-empty-columns.csv", "Школа;Балл;;;\r\nСОШ 1;4;;;\r\nСОШ 2;5\r\nСОШ 3;3;;\r\n")
write("ragged.csv", "Школа;Класс;Балл\nСОШ 1;5А;4\nСОШ 2;6Б\nСОШ 3;7В;5;лишнее\nСОШ 4;8Г;3\n")
write("header-blank-duplicate.csv", "ФИО;;Школа;школа;ФИО\nИванова;x;СОШ 1;СОШ 1;Иванова А.\n")
write("header-nbsp-linebreak.csv",
      '"Отметка\u00a0времени";"Насколько вы\nудовлетворены  помощью?";" Школа\u00a0"\n'
      '25.11.2023 10:15:03;Полностью удовлетворён;СОШ 1\n')
write("quote-inside-unquoted.csv", 'Школа;Балл\nМАОУ "СОШ № 1";4\nСОШ 2;5\n')

# Unterminated quotes: a quote opened in line 3 that never closes properly.
write("unterminated-quote-middle.csv",
      'ФИО;Школа;Ответ\nИванова;СОШ 1;Да\nПетров;"СОШ 2;Нет\nСидоров;СОШ 3;Да\nКузнецова;"СОШ 4";Да\nОрлова;СОШ 5;Нет\n')
write("unterminated-quote-end.csv", 'ФИО;Школа;Ответ\nИванова;СОШ 1;Да\nПетров;"СОШ 2;Нет\nСидоров;СОШ 3;Да\n')
write("quote-then-text.csv", 'Школа;Балл\n"СОШ 1"x;4\n')

# Not CSV at all.
write("book.xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml xl/workbook.xml")
