/// Text put inside HTML, SVG or the XML parts of a Word document.
enum MarkupText {
    /// `text` with `& < > "` written as entities and the control characters XML 1.0 does not
    /// allow (all below U+0020 but tab, line feed and carriage return) left out: the one escaping
    /// of the HTML note, its SVG charts and the Word document's parts, so a value that is safe in
    /// one is safe in all three.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
