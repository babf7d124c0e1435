import Ingest

extension Rejection.Reason {
    /// How the notes and the workbench word this reason for the analyst («тестовая анкета»);
    /// the code itself for a reason not worded here.
    ///
    /// One wording for every place a reason is shown to a person: the cleaning table of the
    /// satisfaction note («Не учтены анкеты») and the workbench's ledger page read it from here.
    public var wording: String { Self.wordings[rawValue] ?? rawValue }

    /// The wording of the reason with code `code`, the code itself when it is not worded.
    public static func wording(code: String) -> String { Rejection.Reason(rawValue: code).wording }

    private static let wordings: [String: String] = [
        "too_few_cells": "строка короче заголовка", "too_many_cells": "строка длиннее заголовка",
        "missing_school": "не указана школа", "unknown_school": "школы нет в реестре",
        "unknown_answer": "ответ вне шкалы", "bad_timestamp": "не читается время отправки",
        "test_submission": "тестовая анкета", "empty_submission": "пустая анкета",
        "duplicate_submission": "повторная анкета (учтена последняя)",
        "repeated_header": "повторённая строка заголовка",
        "orphan_continuation": "строка-продолжение без анкеты выше",
        "continuation_folded": "строка-продолжение присоединена к анкете выше",
        "unknown_observer": "наблюдателя нет в списке", "score_off_scale": "балл вне шкалы критерия",
        "repeated_observation": "повторное посещение (учтён последний протокол)",
        "bad_mark": "отметка не читается", "bad_score": "балл не читается",
        "missing_identity": "нет ни кода, ни ФИО", "missing_subject": "не указан предмет",
        "bad_class": "класс не читается", "duplicate_record": "повторная запись (учтена первая)",
    ]
}
