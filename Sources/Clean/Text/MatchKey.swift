/// The form in which texts from exports are compared: labels, school names, header texts, ФИО.
///
/// Lower case; ё read as е; parentheses dropped without a gap, so «удовлетворен(а)» reads as
/// «удовлетворена»; every other character that is not a letter or digit (punctuation, «№»,
/// non-breaking and ordinary spaces, line breaks) becomes one space; trimmed. So «СОШ №1»,
/// «сош № 1» and «СОШ  № 1.» share the key «сош 1».
public enum MatchKey {
    public static func of(_ text: String) -> String {
        var key = ""
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.lowercased() {
            if character == "(" || character == ")" { continue }
            let mapped: Character = character == "ё" ? "е" : character
            if mapped.isLetter || mapped.isNumber {
                if pendingSpace && !key.isEmpty { key.append(" ") }
                pendingSpace = false
                key.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return key
    }
}
