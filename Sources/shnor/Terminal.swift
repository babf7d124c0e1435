/// Messages for the analyst on standard error.
enum Terminal {
    static func error(_ message: String) {
        Platform.writeStandardError("shnor: ошибка: \(message)\n")
    }

    static func warning(_ message: String) {
        Platform.writeStandardError("shnor: внимание: \(message)\n")
    }

    static func note(_ message: String) {
        Platform.writeStandardError("shnor: \(message)\n")
    }
}
