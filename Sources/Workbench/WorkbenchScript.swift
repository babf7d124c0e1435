/// The workbench's only script: streams an upload to the server and polls a run's progress.
/// Served from this origin (`/workbench.js`), so the pages' policy allows no inline script.
enum WorkbenchScript {
    static let text = #"""
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const form = document.getElementById("upload");
          if (form) {
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const file = document.getElementById("upload-file").files[0];
              if (!file) return;
              const kind = document.getElementById("upload-kind").value;
              const status = document.getElementById("upload-status");
              if (file.size > Number(form.dataset.limit)) {
                status.textContent = "Файл слишком большой: больше допустимого размера. Проверьте, тот ли файл выбран.";
                return;
              }
              status.textContent = "Загрузка…";
              const csrf = form.querySelector("input[name=csrf]").value;
              const address = "/upload?kind=" + encodeURIComponent(kind) + "&name=" + encodeURIComponent(file.name);
              let response;
              try {
                response = await fetch(address, {method: "PUT", body: file, headers: {"X-CSRF-Token": csrf}});
              } catch (error) {
                status.textContent = "Загрузка прервана: сервер закрыл соединение (файл слишком большой?) или не отвечает.";
                return;
              }
              if (response.ok) {
                window.location.href = (await response.json()).location;
              } else {
                const page = await response.text();
                document.open(); document.write(page); document.close();
              }
            });
          }
          const run = document.getElementById("run-status");
          if (run) {
            const poll = async () => {
              const state = await (await fetch(run.dataset.url, {cache: "no-store"})).json();
              const read = state.inputs.map((i) => "«" + i.input + "»: " + i.rows + " строк").join(", ");
              document.getElementById("run-stage").textContent = state.stage + (read ? " — прочитано " + read : "");
              const lines = state.lines.concat(state.warnings.map((w) => "внимание: " + w));
              if (state.failure) lines.push(state.failure);
              if (state.error) lines.push("ошибка: " + state.error);
              document.getElementById("run-lines").textContent = lines.join("\n");
              if (state.done) {
                const bar = document.getElementById("run-progress");
                bar.max = 1; bar.value = 1;
                document.getElementById("run-links").hidden = false;
                run.dataset.done = "true";
              } else {
                setTimeout(poll, 400);
              }
            };
            poll();
          }
        });
        """#
}
