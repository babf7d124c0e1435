import Pipeline

/// Messages for the analyst on standard error.
enum Terminal {
    /// Clears the terminal's line from the cursor on (ANSI «erase in line»).
    static let clearToEndOfLine = "\u{1B}[K"

    static func error(_ message: String) {
        Platform.writeStandardError("shnor: ошибка: \(message)\n")
    }

    static func warning(_ message: String) {
        Platform.writeStandardError("shnor: внимание: \(message)\n")
    }

    static func note(_ message: String) {
        Platform.writeStandardError("shnor: \(message)\n")
    }

    /// The lines of `--timings`, each after «shnor: ».
    static func timings(_ observer: RunObserver?) {
        guard let observer else { return }
        Platform.writeStandardError(observer.timingLines.map { "shnor: \($0)\n" }.joined())
    }
}
