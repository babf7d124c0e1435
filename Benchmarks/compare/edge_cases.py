"""Edge-case exports for T1, T2 and T3: small generated files with every kind of row shnor
rejects (and every spelling it must still read) appended, and the pipelines that read them.

    python3 edge_cases.py SHNOR OUT_DIR

Writes OUT_DIR/T1/results-both-points-2024.csv, OUT_DIR/T2/results-{autumn-2023,march-2024}.csv,
OUT_DIR/T3/survey-at-scale.csv (each a `shnor generate` file of a few hundred people, so that no
group falls under the disclosure threshold, plus the rows below) and OUT_DIR/t1.yaml, t2.yaml,
t3.yaml. run.sh runs shnor and every peer on them and requires the same figures line by line.

Rejected: no code and no ФИО; a blank school; a school the register does not know; a blank
subject; a subject the instrument does not know («Физика»); a class that is no class («=1+1»,
«12А», «5АБ»); a mark off the scale («7», «5.0», «отл»); a score that is no number («много»); a
repeated code and subject (also written differently: « 7770000001 », «ab-7»/«AB-7»); a repeated
header; on the survey a blank or unknown school, a submission time that does not read («31.02.2023
10:00:00», «вчера»), a submission with no answer. Read: school and subject spellings through the
register and synonyms (case, «ё», «№», a no-break space), «н/а», «Н/А», «-», «Х», «отс», « 5 »,
«12,5», classes «5 а», «5-А», «11 «Б»», a Latin «o» in a Cyrillic name, rows with no code linked
by ФИО (unique at both points) or not (a name shared at a point), answers in capitals, as digits,
«Затрудняюсь», an answer off the scale (not counted), times in other forms («2023-11-05 10:00»,
«5.11.2023»).
"""
import csv
import os
import subprocess
import sys

shnor, out = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
T1 = "results-both-points-2024.csv"


def generate(kind, count, folder, *extra):
    subprocess.run([shnor, "generate", kind, "--students" if kind == "results" else "--respondents", str(count),
                    "--out", folder, *extra], check=True, stdout=subprocess.DEVNULL)


def append(path, rows):
    with open(path, encoding="utf-8", newline="") as file:
        header = next(csv.reader(file))
    with open(path, "a", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        for row in rows:
            writer.writerow(header if row == "header" else row)


generate("results", 400, os.path.join(out, "T1"), "--both-in-row")
generate("results", 400, os.path.join(out, "T2"))
generate("survey", 600, os.path.join(out, "T3"))

S1, S2, VOST, KOSH = "МАОУ СОШ № 1 р.п. Сосьва", "МКОУ СОШ № 2 р.п. Сосьва", "МКОУ СОШ п. Восточный", "МКОУ СОШ с. Кошай"
# Code, ФИО, school, class, subject, autumn mark, March mark.
append(os.path.join(out, "T1", T1), [
    ["", "", S1, "5А", "Математика", "4", "5"],                         # no code, no name
    ["7770000001", "Иванов Иван", "", "5А", "Математика", "4", "5"],    # blank school
    ["7770000002", "Иванов Пётр", "Школа № 99", "5А", "Математика", "4", "5"],  # unknown school
    ["7770000003", "Петров Пётр", "сош №1 п. сосьва", "5 а", "рус. яз.", "3", "4"],  # spellings read
    ["7770000004", "Сидоров Иван", "СОШ\u00a0№\u00a02", "5-А", "Физика", "3", "4"],  # unknown subject
    ["7770000005", "Сидоров Пётр", S2, "6Б", "", "3", "4"],              # blank subject
    ["7770000006", "Смирнов Олег", S2, "6Б", "Математика", "7", "4"],    # mark off the scale
    ["7770000006", "Смирнов Олег", S2, "6Б", "Русский язык", "4", "5.0"],  # mark off the scale
    ["7770000007", "Орлов Олег", S2, "6Б", "Математика", "Н/А", " 5 "],  # «н/а», a mark with spaces
    ["7770000007", "Орлов Олег", S2, "6Б", "Русский язык", "-", "отс"],  # no values
    ["7770000008", "Волков Олег", VOST, "=1+1", "Математика", "4", "4"],  # not a class
    ["7770000009", "Волков Пётр", VOST, "12А", "Математика", "4", "4"],   # not a class
    ["7770000010", "Волков Иван", VOST, "5АБ", "Математика", "4", "4"],   # not a class
    ["7770000011", "Зайцев Иван", VOST, "11 «Б»", "Математика", "3", "5"],
    ["7770000011", "Зайцев Иван", VOST, "11 «Б»", "матем.", "5", "2"],    # repeat of code and subject
    [" 7770000011 ", "Зайцев Иван", VOST, "11Б", "Математика", "2", "2"],  # the same code, spaces
    ["ab-7", "Лисицын Иван", KOSH, "7В", "Математика", "3", "4"],
    ["AB-7", "Лисицын Иван", KOSH, "7В", "Математика", "5", "5"],          # the same code by its key
    ["", "Кузнецoва Анна", KOSH, "7В", "Математика", "2", "4"],           # no code: a person by ФИО
    ["", "Кузнецoва Анна", KOSH, "7В", "Русский язык", "3", "3"],
    ["7770000012", "Медведев Иван", KOSH, "7В", "Математика", "отл", "5"],  # mark off the scale
    ["7770000013", "Медведев Олег", KOSH, "7В", "Русский язык", "Х", "н/а"],
    "header",                                                              # a repeated header
])
# Code, ФИО, school, class, subject, mark, score — at each point.
for name, rows in (("results-autumn-2023.csv", [
    ["", "", S1, "5А", "Математика", "4", "12"],
    ["7770000001", "Иванов Иван", "", "5А", "Математика", "4", "12"],
    ["7770000002", "Иванов Пётр", "Школа № 99", "5А", "Математика", "4", "12"],
    ["7770000003", "Петров Пётр", "сош №1 п. сосьва", "5 а", "рус. яз.", "3", "12,5"],
    ["7770000004", "Сидоров Иван", S2, "5-А", "Физика", "3", "12"],
    ["7770000006", "Смирнов Олег", S2, "6Б", "Математика", "7", "12"],
    ["7770000007", "Орлов Олег", S2, "6Б", "Математика", "Н/А", "Х"],
    ["7770000008", "Волков Олег", VOST, "=1+1", "Математика", "4", "12"],
    ["7770000014", "Белов Иван", VOST, "8А", "Математика", "4", "много"],   # a score that is no number
    ["7770000011", "Зайцев Иван", VOST, "11 «Б»", "Математика", "3", "12"],
    ["7770000011", "Зайцев Иван", VOST, "11Б", "матем.", "5", "12"],         # repeat
    ["7770000015", "Ершова Анна", KOSH, "7В", "Математика", "3", "10"],       # linked by ФИО (no code in March)
    ["", "Кузнецoва Анна", KOSH, "7В", "Математика", "2", "9"],               # linked by ФИО (no code here)
    ["7770000016", "Громов Иван", KOSH, "7В", "Математика", "3", "10"],       # a name shared in March
    ["7770000017", "Титов Олег", KOSH, "7В", "Математика", "3", "10"],
    ["7770000018", "Титов Олег", KOSH, "7В", "Математика", "4", "10"],        # a name shared at the baseline
    ["7770000019", "Без Класса", KOSH, "", "Математика", "4", "10"],          # no class
    "header",
]), ("results-march-2024.csv", [
    ["7770000003", "Петров Пётр", "СОШ № 1", "5А", "Русский язык", "4", "15"],
    ["7770000007", "Орлов Олег", S2, "6Б", "Математика", " 5 ", "14"],
    ["7770000011", "Зайцев Иван", VOST, "11Б", "Математика", "4", "12"],
    ["7770000011", "Зайцев Иван", VOST, "11Б", "Математика", "5", "12"],      # repeat at the follow-up
    ["", "Ершова Анна", KOSH, "7В", "Математика", "4", "11"],
    ["7770000020", "Кузнецова Анна", KOSH, "7В", "Математика", "4", "12"],
    ["", "Громов Иван", KOSH, "7В", "Математика", "4", "10"],
    ["", "Громов Иван", KOSH, "7В", "Математика", "5", "10"],
    ["", "Титов Олег", KOSH, "7В", "Математика", "5", "12"],
    ["7770000019", "Без Класса", KOSH, "", "Математика", "5", "10"],
    ["7770000021", "Новиков Иван", KOSH, "7В", "Математика", "отл", "10"],   # mark off the scale
    ["7770000022", "Новиков Пётр", KOSH, "7В", "Математика", "4", "1,2,3"],  # not a number
])):
    append(os.path.join(out, "T2", name), rows)
with open(os.path.join(out, "T3", "survey-at-scale.csv"), encoding="utf-8", newline="") as file:
    width = len(next(csv.reader(file)))
answers = width - 4  # time, name, school, position, then the answers


def answer_row(time, name, school, first, rest):
    return [time, name, school, "учитель", first] + [rest] * (answers - 1)


append(os.path.join(out, "T3", "survey-at-scale.csv"), [
    answer_row("5.11.2023 10:00:00", "Респондент А", "", "4", "3"),                   # blank school
    answer_row("5.11.2023 10:00:00", "Респондент Б", "Школа № 99", "4", "3"),         # unknown school
    answer_row("31.02.2023 10:00:00", "Респондент В", S2, "4", "3"),                  # no such day
    answer_row("вчера", "Респондент Г", S2, "4", "3"),                                # not a time
    answer_row("5.11.2023 10:00:00", "Респондент Д", S2, "", ""),                    # no answer at all
    answer_row("5.11.2023 10:00:00", "Респондент Е", S2, "-", " "),                  # blank spellings only
    answer_row("2023-11-05 10:00", "Респондент Ж", S2, "ПОЛНОСТЬЮ УДОВЛЕТВОРЕН", "Затрудняюсь"),
    answer_row("5.11.2023", "Респондент З", "сош № 2", "Отлично", "2"),               # answer off the scale
    answer_row("", "", VOST, "Скорее удовлетворен(а)", "Отлично"),
    answer_row("5.11.2023 25:00:00", "Респондент И", VOST, "4", "4"),                 # no such hour
    answer_row("5.11.2023 10:00:60", "Респондент К", VOST, "4", "1"),                 # a leap second reads
])
for task, inputs in (("t1", [("data/T1/", "T1/")]), ("t2", [("data/T2/", "T2/")]), ("t3", [("data/T3/", "T3/")])):
    with open(os.path.join(here, f"{task}.yaml"), encoding="utf-8") as file:
        text = file.read()
    for old, new in inputs:
        text = text.replace(old, new)
    # Paths seen from OUT_DIR: the repository's files absolutely, the instrument of T3 too.
    root = os.path.abspath(os.path.join(here, "..", ".."))
    text = text.replace("../../", root + "/").replace("instrument: t3-instrument.yaml", f"instrument: {here}/t3-instrument.yaml")
    with open(os.path.join(out, f"{task}.yaml"), "w", encoding="utf-8") as file:
        file.write(text.replace("pipeline: compare-", "pipeline: edge-"))
