/// Russian typesetting rules applied to every text a note inserts: «ёлочки» for straight
/// double quotes, a non-breaking space after «№» and before «%».
public enum Typography {
    public static func apply(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var open = false
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\"":
                // Opening after a space, a bracket or the start; closing otherwise.
                let previous = index > 0 ? characters[index - 1] : " "
                open = previous.isWhitespace || "([«—–-".contains(previous) || !open && index == 0
                result.append(open ? "«" : "»")
            case " " where index + 1 < characters.count && characters[index + 1] == "%":
                result.append("\u{00A0}")
            case " " where index > 0 && characters[index - 1] == "№":
                result.append("\u{00A0}")
            default:
                result.append(character)
            }
        }
        return result
    }

    /// The same over every string of a template context.
    static func applied(_ value: Any) -> Any {
        NoteRenderer.mapTexts(value, apply)
    }
}
