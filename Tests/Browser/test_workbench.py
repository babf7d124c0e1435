"""The browser tests of issue 23: the analyst's walk from an empty root to note.docx, with
results.json equal to the command line's; and the refusals (a private file, a form without its
CSRF token, a 2 GB upload), each a page that says why."""
import json
import pathlib
import select
import socket
import subprocess
import tempfile
import urllib.parse

from conftest import REPOSITORY, SHNOR

SAMPLE = REPOSITORY / "Surveys" / "samples" / "november-satisfaction-2023.csv"
REGISTER = REPOSITORY / "Surveys" / "schools.yaml"
WORKBOOKS = REPOSITORY / "Tests" / "ShnorTests" / "Workbooks"
PROJECT = "november-satisfaction-2023"
SUGGESTIONS = "Ваши предложения по организации методической помощи"


def upload(page, path, kind):
    page.select_option("#upload-kind", kind)
    page.set_input_files("#upload-file", str(path))
    with page.expect_navigation():
        page.click("#upload-button")


def wait_for_run(page):
    page.wait_for_selector("#run-status[data-done=true]")
    return page.inner_text("#run-lines")


def test_from_an_empty_root_to_the_note(workbench, page, screenshots):
    page.goto(workbench.address + "/")
    assert "Пока нет ни одного конвейера" in page.content()
    upload(page, REGISTER, "register")
    assert "schools.yaml" in page.inner_text("main")
    upload(page, SAMPLE, "export")
    assert page.url.endswith("/exports/" + PROJECT + ".csv")
    # The inspect report as tables: the file's facts, then a row per column with its first values.
    assert "Кодировка" in page.inner_text("#inspect-facts")
    assert "Образовательная организация" in page.inner_text("#inspect-columns")
    assert page.locator("#sheet-select").count() == 0

    # «Создать анкету»: the guessed roles as form controls; the analyst corrects one column.
    with page.expect_navigation():
        page.click("#draft-button")
    # The headline question's scale: its categories in order, the top two marked, each spelling's place.
    scale = page.locator(".draft-scale").first
    assert "(верхняя)" in scale.inner_text()
    assert scale.locator("select.draft-top").input_value() == "2"
    assert scale.locator('select[data-spelling="СКОРЕЕ УДОВЛЕТВОРЁН"]').input_value().startswith("c")
    role = page.locator(f'select[data-column="{SUGGESTIONS}"]')
    assert role.input_value() == "text"
    role.select_option("skip")
    page.fill("#draft-target", "78")
    page.screenshot(path=str(screenshots / "workbench-draft.png"), full_page=True)
    with page.expect_navigation():
        page.click("#save-draft")
    assert page.url.endswith("/projects/" + PROJECT)
    instrument = workbench.root / "pipelines" / PROJECT / (PROJECT + ".instrument.yaml")
    assert SUGGESTIONS not in instrument.read_text(encoding="utf-8")

    with page.expect_navigation():
        page.click("#run-button")
    lines = wait_for_run(page)
    assert "Удовлетворена частично" in lines
    assert "готово — прочитано «survey»: 98 строк" in page.inner_text("#run-stage")
    with page.expect_navigation():
        page.click("#ledger-link")
    # Stages and reasons in the notes' wording, no code of the manifest.
    ledger = page.inner_text("#ledger")
    assert "очистка" in ledger and "тестовая анкета" in ledger and "повторная анкета" in ledger, ledger
    assert "clean" not in ledger and "test_submission" not in ledger and "in_programme_schools" not in ledger
    fix = page.locator(".fix-answer", has_text="Удовлетворена частично")
    assert fix.locator("select").input_value() != ""
    # The picture stops above the rejected rows: they hold names (synthetic here, but still).
    top = page.locator("#rejects").bounding_box()["y"]
    page.screenshot(
        path=str(screenshots / "workbench-ledger.png"), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": top}
    )
    before = instrument.read_text(encoding="utf-8")
    with page.expect_navigation():
        fix.locator(".fix-button").click()
    lines = wait_for_run(page)
    assert "Удовлетворена частично" not in lines
    after = instrument.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and "Удовлетворена частично" in changed[0][1], changed
    assert len(after.splitlines()) == len(before.splitlines())

    with page.expect_navigation():
        page.click("#note-link")
    page.frame_locator("iframe").locator("h1, h2, p").first.wait_for()
    page.screenshot(path=str(screenshots / "workbench-note.png"), full_page=False)
    with page.expect_download() as docx:
        page.click("#download-docx")
    with tempfile.TemporaryDirectory() as folder:
        docx_path = pathlib.Path(folder) / "note.docx"
        docx.value.save_as(docx_path)
        assert docx_path.read_bytes()[:2] == b"PK"
        with page.expect_download() as results:
            page.click("#download-json")
        downloaded = pathlib.Path(folder) / "results.json"
        results.value.save_as(downloaded)
        # The same pipeline files through `shnor run` into another folder: byte for byte the same.
        # (results.json holds no run-specific field — no clock, no path — DESIGN.md §4.)
        cli = pathlib.Path(folder) / "cli"
        pipeline = workbench.root / "pipelines" / PROJECT / (PROJECT + ".pipeline.yaml")
        run = subprocess.run([str(SHNOR), "run", str(pipeline), "--out", str(cli)], capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
        assert downloaded.read_bytes() == (cli / "results.json").read_bytes()
        assert json.loads(downloaded.read_text(encoding="utf-8"))["pipeline"] == PROJECT


def test_a_workbook_is_drafted_from_the_sheet_chosen(workbench, page):
    page.goto(workbench.address + "/")
    upload(page, REGISTER, "register")
    # The sample as one .xlsx sheet: its page says so, offers no choice, and the draft opens.
    upload(page, WORKBOOKS / "november-satisfaction-2023.xlsx", "export")
    assert "Excel" in page.inner_text("#inspect-facts")
    assert page.locator("#sheet-select").count() == 0
    with page.expect_navigation():
        page.click("#draft-button")
    assert page.locator(f'select[data-column="{SUGGESTIONS}"]').input_value() == "text"
    # The sample as the second sheet of a book: the analyst picks it, the draft reads it.
    page.goto(workbench.address + "/")
    upload(page, WORKBOOKS / "november-satisfaction-2023-two-sheets.xlsx", "export")
    assert page.locator("#sheet-select").input_value() == "1"
    page.select_option("#sheet-select", "2")
    with page.expect_navigation():
        page.click("#sheet-button")
    assert "Образовательная организация" in page.inner_text("#inspect-columns")
    with page.expect_navigation():
        page.click("#draft-button")
    assert page.locator("input[name=sheet]").get_attribute("value") == "2"
    with page.expect_navigation():
        page.click("#save-draft")
    name = "november-satisfaction-2023-two-sheets"
    pipeline = workbench.root / "pipelines" / name / (name + ".pipeline.yaml")
    assert 'sheet: "2"' in pipeline.read_text(encoding="utf-8")


def csrf_token(page):
    return page.locator("input[name=csrf]").first.get_attribute("value")


def raw_request(address, head, body_chunks):
    """Sends `head` and then the chunks until the server answers; returns (status, page)."""
    host, port = urllib.parse.urlsplit(address).netloc.split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(head.encode())
        sent = 0
        for chunk in body_chunks:
            readable, _, _ = select.select([connection], [], [], 0)
            if readable:
                break
            try:
                connection.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        connection.settimeout(60)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or len(answer) < answer.find(b"\r\n\r\n") + 4 + content_length(answer):
                data = connection.recv(65536)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, socket.timeout):
            pass
    status = int(answer.split(b" ", 2)[1])
    return status, answer.split(b"\r\n\r\n", 1)[1].decode("utf-8", "replace"), sent


def content_length(answer):
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


def test_refusals_are_pages_that_say_why(workbench, page):
    private = workbench.root / "out" / "survey" / "private"
    private.mkdir(parents=True)
    (private / "rejects.csv").write_text("вход;строка\nsurvey;2\n", encoding="utf-8")

    response = page.goto(workbench.address + "/files/survey/private/rejects.csv")
    assert response.status == 403
    assert "Файлы из папки private/ содержат персональные данные" in page.inner_text("main")

    # A form posted without the CSRF token (as another site's page would post it).
    page.goto(workbench.address + "/")
    token = csrf_token(page)
    with page.expect_navigation():
        page.evaluate(
            """() => { const form = document.createElement("form"); form.method = "post";
            form.action = "/projects/survey/run"; document.body.append(form); form.submit(); }"""
        )
    assert "Форма отклонена" in page.inner_text("main")
    assert "CSRF" in page.inner_text("main")

    # A page of another site whose name points at 127.0.0.1 (DNS rebinding) is not answered.
    status, body, _ = raw_request(workbench.address, "GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n", [])
    assert status == 403 and "Чужой адрес" in body

    # 2 GB chosen in the page (a sparse file: no disk blocks): the page refuses before sending.
    with tempfile.TemporaryDirectory() as folder:
        big = pathlib.Path(folder) / "big.csv"
        with open(big, "wb") as handle:
            handle.truncate(2 << 30)
        page.goto(workbench.address + "/")
        page.set_input_files("#upload-file", str(big))
        page.click("#upload-button")
        page.wait_for_function("document.getElementById('upload-status').textContent.includes('слишком большой')")

    # 2 GB declared and streamed: refused before the body is read, nothing stored.
    megabyte = b"0" * (1 << 20)
    head = (
        "PUT /upload?kind=export&name=big.csv HTTP/1.1\r\nHost: localhost\r\n"
        f"X-CSRF-Token: {token}\r\nContent-Length: {2 << 30}\r\n\r\n"
    )
    status, body, sent = raw_request(workbench.address, head, (megabyte for _ in range(2048)))
    assert status == 413
    assert sent < 2 << 30
    page.set_content(body)
    assert "Файл слишком большой" in page.inner_text("main")
    # The same without a declared length (chunked): counted while streamed to disk, refused past the limit.
    chunk = b"%x\r\n" % len(megabyte) + megabyte + b"\r\n"
    head = (
        "PUT /upload?kind=export&name=big.csv HTTP/1.1\r\nHost: localhost\r\n"
        f"X-CSRF-Token: {token}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    status, body, sent = raw_request(workbench.address, head, (chunk for _ in range(2048)))
    assert status == 413
    assert "Файл слишком большой" in body
    assert list((workbench.root / "exports").iterdir()) == []
