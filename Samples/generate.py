#!/usr/bin/env python3
"""Writes the shipped sample exports (synthetic: every person here is invented).

Each file imitates one real kind of export the district analyst receives, with the quirks of
its source: a Google Forms CSV (UTF-8, commas, full questions as headers, grid columns,
answers joined by ", ", repeated and test submissions), an Excel roster saved in windows-1251
with a `sep=;` line and CRLF, and a student results table with a byte order mark and `;`.
Deterministic: run `python3 generate.py` in this folder to write the same bytes again.
"""

import pathlib
import random

here = pathlib.Path(__file__).parent
rng = random.Random(20231125)

SCHOOLS = [  # (canonical name, spellings seen in exports, teachers)
    ("МАОУ СОШ № 1 р.п. Сосьва", ["МАОУ СОШ № 1 р.п. Сосьва", "СОШ №1", "школа 1", "МАОУ СОШ №1"], 24),
    ("МКОУ СОШ № 2 р.п. Сосьва", ["МКОУ СОШ № 2 р.п. Сосьва", "СОШ № 2", "школа №2", "МКОУ СОШ №2 п. Сосьва"], 19),
    ("МКОУ СОШ п. Восточный", ["МКОУ СОШ п. Восточный", "СОШ п.Восточный", "Восточная школа"], 17),
    ("МКОУ СОШ с. Кошай", ["МКОУ СОШ с. Кошай", "СОШ с.Кошай", "Кошайская СОШ"], 12),
    ("МКОУ СОШ с. Романово", ["МКОУ СОШ с. Романово", "СОШ с. Романово", "Романовская школа"], 11),
    ("МКОУ ООШ п. Пасынок", ["МКОУ ООШ п. Пасынок", "ООШ п.Пасынок"], 8),
]
SURNAMES_M = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Ёлкин", "Зайцев", "Павлов", "Семёнов", "Голубев",
              "Киселёв", "Макаров", "Никитин", "Орлов", "Соколов", "Фёдоров", "Белов", "Тарасов"]
SURNAMES_F = [m + "а" for m in SURNAMES_M] + ["Морозова", "Лебедева", "Козлова", "Новикова", "Медведева", "Андреева", "Гусева",
                                               "Виноградова", "Комарова", "Щербакова", "Жукова", "Ильина", "Калинина", "Полякова"]
NAMES_M = [("Алексей", "Алексеевич"), ("Сергей", "Сергеевич"), ("Пётр", "Ильич"), ("Андрей", "Викторович"), ("Олег", "Николаевич")]
NAMES_F = [(n, p) for n in ("Анна", "Ольга", "Татьяна", "Елена", "Наталья", "Юлия", "Светлана", "Марина", "Алёна", "Ирина", "Людмила")
           for p in ("Петровна", "Сергеевна", "Ивановна", "Викторовна", "Алексеевна", "Андреевна", "Олеговна", "Николаевна")]
POSITIONS = ["учитель"] * 12 + ["педагог-психолог", "учитель-логопед"]
SUBJECTS = ["русский язык", "математика", "история", "биология", "физика", "английский язык", "начальные классы", "химия", "география", "информатика"]


used_names = set()


def person():
    """An invented person; names do not repeat, as linking by name needs."""
    while True:
        name, sex = invented_person()
        if name not in used_names:
            used_names.add(name)
            return name, sex


def invented_person():
    if rng.random() < 0.8:
        name, patronymic = rng.choice(NAMES_F)
        return f"{rng.choice(SURNAMES_F)} {name} {patronymic}", "f"
    name, patronymic = rng.choice(NAMES_M)
    return f"{rng.choice(SURNAMES_M)} {name} {patronymic}", "m"


def cell(value, delimiter):
    if any(c in value for c in (delimiter, '"', "\n", "\r")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def table(rows, delimiter, newline):
    return "".join(delimiter.join(cell(str(v), delimiter) for v in row) + newline for row in rows)


# Teacher roster: Excel, windows-1251, sep=; line, CRLF.
roster = [["ФИО", "ОО", "Должность", "Предмет", "Стаж, лет"]]
teachers = []
for school, _, count in SCHOOLS:
    for number in range(count):
        name, sex = person()
        position = ["директор", "заместитель директора по УВР"][number] if number < 2 else rng.choice(POSITIONS)
        subject = rng.choice(SUBJECTS) if position.startswith("учитель") else ""
        teachers.append((name, sex, school, position))
        roster.append([name, school, position, subject, rng.randint(1, 38)])
(here / "teacher-roster.csv").write_bytes(("sep=;\r\n" + table(roster, ";", "\r\n")).encode("cp1251"))

# November satisfaction survey: Google Forms export.
OVERALL = "Насколько вы в целом удовлетворены методической помощью, которую получили в рамках программы?"
SCALE = {  # spellings people and forms produce
    "full": ["Полностью удовлетворен(а)", "Полностью удовлетворена", "полностью удовлетворён", "Полностью удовлетворен"],
    "rather": ["Скорее удовлетворен(а)", "Скорее удовлетворена", "скорее удовлетворён"],
    "rather_not": ["Скорее не удовлетворен(а)", "Скорее не удовлетворена"],
    "not": ["Совсем не удовлетворен(а)"],
    "unsure": ["Затрудняюсь ответить"],
}
GRID = ["Семинары", "Консультации", "Методические дни", "Наставничество"]
USEFULNESS = ["Очень полезно", "Скорее полезно", "Скорее бесполезно", "Бесполезно", "Не участвовал(а)"]
FORMS = ["Семинары, вебинары", "Индивидуальные консультации", "Методический день в школе", "Наставничество, менторство", "Сетевые мероприятия с успешной школой"]
survey = [["Отметка времени", "Фамилия, имя, отчество", "Образовательная организация", "Должность", OVERALL]
          + [f"Оцените полезность мероприятий [{g}]" for g in GRID]
          + ["Какие формы помощи оказались для вас полезными?", "Ваши предложения по организации методической помощи"]]
respondents = rng.sample(teachers[24:], 60) + rng.sample(teachers[:24], 6)
for index, (name, sex, school, position) in enumerate(respondents):
    day, minute = 20 + index // 15, (index * 7) % 60
    stamp = f"{day}.11.2023 {9 + index % 8}:{minute:02d}:{(index * 13) % 60:02d}"
    spelling = rng.choice(next(s[1] for s in SCHOOLS if s[0] == school))
    level = rng.choices(["full", "rather", "rather_not", "not", "unsure"], [42, 36, 9, 3, 6])[0]
    answer = rng.choice(SCALE[level])
    grid = [rng.choices(USEFULNESS, [40, 30, 8, 3, 19])[0] for _ in GRID]
    forms = ", ".join(rng.sample(FORMS, rng.randint(1, 3)))
    comment = rng.choice(["", "", "", "Больше практических занятий", "Проводить семинары в каникулы",
                          "Нужны консультации по ФГОС, \"разбор\" уроков", "Спасибо!\nВсё понравилось"])
    survey.append([stamp, name, spelling, position, answer] + grid + [forms, comment])
    if index in (5, 40):  # changed their mind: a second, later submission
        later = stamp.replace(f"{day}.11", f"{day + 1}.11")
        survey.append([later, name, spelling, position, rng.choice(SCALE["rather"])] + grid + [forms, "Исправляю ответ"])
survey.insert(3, ["19.11.2023 8:00:00", "тест", "школа 1", "учитель", "Полностью удовлетворен(а)"] + [""] * len(GRID) + ["", "проверка формы"])
(here / "satisfaction-november-2023.csv").write_bytes(table(survey, ",", "\r\n").encode("utf-8"))

# Student results at two points: UTF-8 with BOM, `;`, marks and primary scores.
results = [["Код ученика", "ОО", "Класс", "Предмет", "Первичный балл (декабрь)", "Отметка (декабрь)",
            "Первичный балл (март)", "Отметка (март)", "Отметка по журналу"]]
for school, _, _ in SCHOOLS[1:]:
    for grade in (5, 6, 7, 8):
        letter = rng.choice("АБ")
        for pupil in range(rng.randint(6, 11)):
            code = f"{SCHOOLS.index(next(s for s in SCHOOLS if s[0] == school))}{grade}{letter}{pupil:02d}"
            for subject in ("русский язык", "математика"):
                before = rng.randint(3, 19)
                after = max(0, min(20, before + rng.randint(-3, 5)))
                mark = lambda score: 2 if score < 7 else 3 if score < 12 else 4 if score < 17 else 5
                absent = rng.random() < 0.04
                results.append([code, school, f"{grade}{letter}", subject, before, mark(before),
                                "н/а" if absent else after, "н/а" if absent else mark(after), rng.choice([3, 3, 4, 4, 5, 2])])
(here / "student-results-march-2024.csv").write_bytes(b"\xef\xbb\xbf" + table(results, ";", "\n").encode("utf-8"))
