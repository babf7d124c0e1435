import Foundation
import Hummingbird
import Mustache

/// The workbench's pages: Mustache templates rendered on the server, every value HTML-escaped
/// by Mustache (`{{…}}`); only the rendered body and the note's own SVG are inserted raw.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                // The templates are constants of this file: a test renders every one of them.
                assertionFailure("шаблон страницы \(name): \(error)")
            }
        }
        return library
    }()

    /// The page `name` rendered with `values`, inside the common layout.
    static func render(_ name: String, _ values: [String: Any], title: String, csrf: String?) -> String {
        var values = values
        if let csrf { values["csrf"] = csrf }
        let body = library.render(values, withTemplate: name) ?? ""
        return library.render(["title": title, "body": body], withTemplate: "layout") ?? body
    }

    /// An HTML response; the policy allows this origin's script and frames only.
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy:
                    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                    + "frame-ancestors 'self'; form-action 'self'",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a form (303, so the browser follows with GET).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static let templates: [String: String] = [
        "layout": """
        <!doctype html>
        <html lang="ru"><head><meta charset="utf-8"><title>{{title}} — shnor</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body{font-family:"PT Sans","DejaVu Sans",sans-serif;margin:0;color:#1b1b1b;background:#f6f6f3}
        header{background:#24405e;color:#fff;padding:.6em 1.2em}header a{color:#fff;text-decoration:none;font-weight:bold}
        main{max-width:72em;margin:1em auto;padding:0 1.2em}
        table{border-collapse:collapse;margin:.5em 0 1.2em;background:#fff}
        th,td{border:1px solid #c9c9c2;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#eceae2}.num{text-align:right}.muted{color:#666}
        .card{background:#fff;border:1px solid #d6d4cc;padding:.8em 1em;margin:.8em 0}
        .ok{color:#1d6b2a}.bad{color:#a32020}.warn{color:#8a5a00}
        button,.button{background:#24405e;color:#fff;border:0;padding:.4em .9em;cursor:pointer;text-decoration:none;display:inline-block}
        pre{background:#fff;border:1px solid #d6d4cc;padding:.8em;overflow:auto}
        td.values{max-width:28em;overflow-wrap:anywhere}progress{width:24em}iframe{width:100%;height:70vh;border:1px solid #c9c9c2;background:#fff}
        </style>
        <script src="/workbench.js" defer></script></head>
        <body><header><a href="/">shnor — рабочее место аналитика</a></header><main>
        {{{body}}}
        </main></body></html>
        """,
        "error": """
        <h1>{{heading}}</h1><p class="bad">{{message}}</p><p class="muted">Код ответа: {{status}}</p>
        <p><a href="/">На главную</a></p>
        """,
        "projects": """
        <h1>Проекты</h1><p class="muted">Папка: {{root}}</p>
        {{^projects}}<p>Пока нет ни одного конвейера: загрузите выгрузку ниже и создайте анкету.</p>{{/projects}}
        {{#projects}}
        <div class="card"><h2><a href="/projects/{{id}}">{{title}}</a></h2>
        <p>Входные файлы: {{#inputs}}<span>{{.}}</span>; {{/inputs}}</p>
        {{#error}}<p class="bad">{{error}}</p>{{/error}}
        <p>Последний запуск: {{lastRun}}</p>
        {{#measures}}<p>{{label}}: <b>{{share}}</b> {{#status}}<span class="{{statusClass}}">{{status}}</span>{{/status}}</p>{{/measures}}
        <p><a href="/projects/{{id}}/ledger">Журнал строк</a> · <a href="/projects/{{id}}/note">Справка и история</a></p>
        </div>
        {{/projects}}
        <h2>Загрузить файл</h2>
        <form id="upload" class="card" method="post" action="/upload" data-limit="{{limitBytes}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label>Файл: <input type="file" name="file" id="upload-file" required></label>
        <label>Что это: <select name="kind" id="upload-kind"><option value="export">выгрузка (CSV, XLSX, XLS)</option>
        <option value="register">реестр школ (YAML)</option></select></label>
        <button type="submit" id="upload-button">Загрузить</button></p>
        <p class="muted">Не больше {{limit}}. Файлы хранятся только в папке workbench на этом компьютере.</p>
        <p id="upload-status"></p></form>
        <h2>Выгрузки</h2>
        {{^exports}}<p class="muted">Нет загруженных выгрузок.</p>{{/exports}}
        <ul>{{#exports}}<li><a href="/exports/{{name}}">{{name}}</a> <span class="muted">({{size}})</span></li>{{/exports}}</ul>
        <h2>Реестры школ</h2>
        {{^registers}}<p class="muted">Нет реестра: загрузите реестр школ (YAML), чтобы узнавать школы в выгрузках.</p>{{/registers}}
        <ul>{{#registers}}<li>{{.}}</li>{{/registers}}</ul>
        """,
        "inspect": """
        <h1>Выгрузка {{name}}</h1>
        {{#error}}<p class="bad">{{error}}</p>{{/error}}
        {{#hasReport}}<table id="inspect-facts">{{#facts}}<tr><th>{{label}}</th><td>{{value}}</td></tr>{{/facts}}</table>
        {{#hasSheets}}<form method="get" action="/exports/{{name}}" id="sheet-form" class="card">
        <label>Лист книги: <select name="sheet" id="sheet-select">{{#sheets}}<option value="{{number}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/sheets}}</select></label>
        <button type="submit" id="sheet-button">Показать лист</button>
        <span class="muted">Анкета будет создана по выбранному листу.</span></form>{{/hasSheets}}
        {{#hasRemarks}}<h2>Замечания</h2><ul id="inspect-remarks">{{#remarks}}<li>{{.}}</li>{{/remarks}}</ul>{{/hasRemarks}}
        <h2>Столбцы</h2>
        <table id="inspect-columns"><tr><th class="num">№</th><th>Заголовок</th><th>Тип</th><th class="num">Заполнено</th><th class="num">Различных</th><th>Чаще всего</th></tr>
        {{#columns}}<tr><td class="num">{{number}}</td><td>{{name}}</td><td>{{type}}</td><td class="num">{{filled}}</td><td class="num">{{distinct}}</td>
        <td class="values">{{#top}}«{{value}}» <span class="muted">({{count}})</span><br>{{/top}}</td></tr>{{/columns}}
        </table>{{/hasReport}}
        {{#warning}}<p class="warn">{{warning}}</p>{{/warning}}
        <p><a class="button" href="/exports/{{name}}/draft{{sheetQuery}}" id="draft-button">Создать анкету</a></p>
        """,
        "draft": """
        <h1>Черновик анкеты: {{name}}</h1>
        <p>Для каждого столбца — роль, которую shnor угадал. Исправьте, где он ошибся, и сохраните:
        будут записаны файлы инструмента и конвейера в {{folder}} (справка — встроенная).</p>
        <form method="post" action="/exports/{{name}}/draft" id="draft-form">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="sheet" value="{{sheet}}">
        <table><tr><th>Столбец</th><th>Роль</th><th>Что найдено</th></tr>
        {{#guesses}}<tr><td>{{column}}</td><td><input type="hidden" name="column" value="{{column}}">
        <select name="role" data-column="{{column}}">{{#roles}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/roles}}</select></td>
        <td>{{detail}}{{^sure}} <span class="warn">(проверьте)</span>{{/sure}}</td></tr>{{/guesses}}
        </table>
        {{#hasScales}}<h2>Шкалы вопросов</h2>
        <p class="muted">Категории — от низшей к высшей. Для каждого написания из выгрузки выберите категорию
        или «вне шкалы» (ответ есть, но в долю не входит).</p>{{/hasScales}}
        {{#scales}}<div class="card draft-scale" data-column="{{column}}"><h3>{{column}}</h3>
        <p>Категории: {{#categories}}<span class="category{{#isTop}} ok{{/isTop}}">«{{label}}»{{#isTop}} (верхняя){{/isTop}}</span> {{/categories}}</p>
        {{#hasTop}}<p><input type="hidden" name="top_column" value="{{column}}"><label>Главный показатель считает верхние
        <select name="top" class="draft-top">{{#topChoices}}<option value="{{count}}"{{#selected}} selected{{/selected}}>{{count}}</option>{{/topChoices}}</select>
        категории шкалы</label> <span class="muted">(отмечены «верхняя»)</span></p>{{/hasTop}}
        <table><tr><th>Написание в выгрузке</th><th class="num">Ответов</th><th>Категория</th></tr>
        {{#spellings}}<tr><td>{{text}}</td><td class="num">{{count}}</td><td>{{#isLabel}}<span class="muted">название категории</span>{{/isLabel}}{{^isLabel}}<input type="hidden" name="spelling_column" value="{{column}}"><input type="hidden" name="spelling" value="{{text}}">
        <select name="spelling_place" data-spelling="{{text}}">{{#places}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{title}}</option>{{/places}}</select>{{/isLabel}}</td></tr>{{/spellings}}
        </table></div>{{/scales}}
        <p><label>Целевое значение главного показателя, %: <input name="target" id="draft-target" size="6" placeholder="78"></label>
        <span class="muted">(можно оставить пустым и задать позже в файле конвейера)</span></p>
        {{#exists}}<p class="warn">Файлы черновика уже есть: сохранение заменит их.</p>{{/exists}}
        <button type="submit" id="save-draft">Сохранить анкету</button></form>
        """,
        "project": """
        <h1>{{title}}</h1><p class="muted">Конвейер: {{pipelineFile}}</p>
        {{#error}}<p class="bad">{{error}}</p>{{/error}}
        <p>Входные файлы: {{#inputs}}<span>{{.}}</span>; {{/inputs}}</p>
        <form method="post" action="/projects/{{id}}/run"><input type="hidden" name="csrf" value="{{csrf}}">
        <button type="submit" id="run-button">Запустить</button></form>
        <p><a href="/projects/{{id}}/ledger">Журнал строк</a> · <a href="/projects/{{id}}/note">Справка и история</a></p>
        """,
        "run": """
        <h1>Запуск: {{id}}</h1>
        <div id="run-status" data-url="/projects/{{id}}/run/status" class="card">
        <progress id="run-progress"></progress> <span id="run-stage">{{stage}}</span>
        <pre id="run-lines"></pre></div>
        <p id="run-links" hidden><a href="/projects/{{id}}/ledger" id="ledger-link">Журнал строк</a> ·
        <a href="/projects/{{id}}/note" id="note-link">Справка</a></p>
        """,
        "ledger": """
        <h1>Журнал строк: {{id}}</h1>
        {{^hasManifest}}<p>Конвейер ещё не запускали.</p>{{/hasManifest}}
        {{#warnings}}<p class="warn">{{.}}</p>{{/warnings}}
        {{#hasManifest}}<table id="ledger"><tr><th>Вход</th><th>Стадия</th><th class="num">Строк на входе</th><th class="num">Прошло</th><th>Не учтено (причина)</th><th>Отмечено</th></tr>
        {{#stages}}<tr><td>{{input}}</td><td>{{stage}}</td><td class="num">{{rowsIn}}</td><td class="num">{{rowsOut}}</td><td>{{#rejected}}{{reason}}: {{count}}<br>{{/rejected}}</td><td>{{#noted}}{{reason}}: {{count}}<br>{{/noted}}</td></tr>{{/stages}}
        </table>{{/hasManifest}}
        {{#local}}
        <h2>Ответы не из шкалы</h2>
        {{^answers}}<p class="muted">Нет.</p>{{/answers}}
        {{#answers}}<div class="card fix-answer"><p>Строка {{line}}, вопрос «{{question}}»: ответ «<b>{{answer}}</b>»</p>
        {{#hasCategories}}<form method="post" action="/projects/{{id}}/fix/answer"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="question" value="{{question}}"><input type="hidden" name="answer" value="{{answer}}">
        добавить «{{answer}}» как синоним <select name="category">{{#categories}}<option value="{{label}}"{{#nearest}} selected{{/nearest}}>{{label}}</option>{{/categories}}</select>
        <button type="submit" class="fix-button">Добавить и пересчитать</button></form>{{/hasCategories}}</div>{{/answers}}
        <h2>Неучтённые строки</h2>
        <p class="muted">Здесь персональные данные: страница показывает их только на этом компьютере и не выдаёт файлом.</p>
        {{^rejects}}<p class="muted">Нет.</p>{{/rejects}}
        {{#hasRejects}}<table id="rejects"><tr><th>Стадия</th><th>Строка</th><th>Причина</th><th>Значения</th><th>Исправление</th></tr>{{/hasRejects}}
        {{#rejects}}<tr><td>{{stage}}</td><td class="num">{{line}}</td><td>{{description}}</td><td>{{cells}}</td>
        <td>{{#school}}<form method="post" action="/projects/{{id}}/fix/school"><input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="spelling" value="{{school}}">добавить «{{school}}» к <select name="school">{{#schools}}<option value="{{schoolID}}"{{#nearest}} selected{{/nearest}}>{{name}}</option>{{/schools}}</select>
        <button type="submit" class="fix-button">Добавить и пересчитать</button></form>{{/school}}</td></tr>{{/rejects}}
        {{#hasRejects}}</table>{{/hasRejects}}
        {{/local}}
        {{^local}}<p class="muted">Неучтённые строки содержат персональные данные и показываются только на компьютере, где запущен workbench.</p>{{/local}}
        """,
        "note": """
        <h1>Справка: {{id}}</h1>
        {{^notes}}<p>Справки ещё нет: запустите конвейер.</p>{{/notes}}
        {{#notes}}<h2>{{name}}</h2><p>
        <a href="/files/{{folder}}note.docx" id="download-docx" download>note.docx</a> ·
        <a href="/files/{{folder}}results.xlsx" download>results.xlsx</a> ·
        <a href="/files/{{folder}}results.json" id="download-json" download>results.json</a> ·
        <a href="/files/{{folder}}note.html" target="_blank">открыть отдельно</a></p>
        <iframe src="/files/{{folder}}note.html" title="Справка"></iframe>{{/notes}}
        <h2>История показателей</h2>
        {{^charts}}<p class="muted">Нет записанных периодов.</p>{{/charts}}
        {{#charts}}<div class="card history-chart">{{{svg}}}</div>{{/charts}}
        """,
    ]
}
