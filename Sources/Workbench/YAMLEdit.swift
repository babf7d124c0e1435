import Foundation
import Yams

/// Targeted edits of the analyst's YAML files: one spelling added to one list, every other line —
/// comments, order, quoting, blank lines — left as it was (never a re-dump of the document).
///
/// Each edit returns nil when the file's layout is not one it knows (a flow mapping where a
/// block was expected, say); the caller then tells the analyst to add the spelling by hand.
enum YAMLEdit {
    /// Adds `spelling` to the synonyms of the category labelled `category` in scale `scale` of
    /// an instrument.
    static func addSynonym(_ text: String, scale: String, category: String, spelling: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let scales = lines.firstIndex(where: { keyName($0) == "scales" && indent($0) == 0 }),
            let scaleLine = lines[(scales + 1)...].firstIndex(where: { keyName($0) == scale && indent($0) > 0 })
        else { return nil }
        let scaleEnd = blockEnd(lines, after: scaleLine, indent: indent(lines[scaleLine]))
        guard
            let labelLine = lines[(scaleLine + 1)..<scaleEnd].firstIndex(where: { line in
                guard let value = listItemValue(line, key: "label") else { return false }
                return value == category
            })
        else { return nil }
        return add(spelling, toList: "synonyms", ofItemAt: labelLine, in: lines)
    }

    /// Where a spelling of a scale stands in an instrument: under a category (by label), under
    /// `non_substantive:`, or nowhere (a draft lists such a spelling in a comment only).
    enum ScalePlace: Equatable {
        case category(String)
        case offScale
        case unread
    }

    /// Moves `spelling` of scale `scale` from `from` to `to`: out of its category's synonyms (or
    /// its `non_substantive:` item, or the draft's comment listing it unread) and into the other
    /// place's list. A spelling moved to `.unread` is only taken out: the scale no longer reads it.
    static func moveSpelling(_ text: String, scale: String, spelling: String, from: ScalePlace, to: ScalePlace)
        -> String?
    {
        guard from != to else { return text }
        guard let removed = removeSpelling(text, scale: scale, spelling: spelling, from: from) else { return nil }
        switch to {
        case .category(let label): return addSynonym(removed, scale: scale, category: label, spelling: spelling)
        case .offScale: return addOffScale(removed, scale: scale, spelling: spelling)
        case .unread: return removed
        }
    }

    /// The lines of `text`, and the line of scale `scale` with the end of its block.
    private static func scaleBlock(_ text: String, scale: String) -> (lines: [String], start: Int, end: Int)? {
        let lines = text.components(separatedBy: "\n")
        guard let scales = lines.firstIndex(where: { keyName($0) == "scales" && indent($0) == 0 }),
            let scaleLine = lines[(scales + 1)...].firstIndex(where: { keyName($0) == scale && indent($0) > 0 })
        else { return nil }
        return (lines, scaleLine, blockEnd(lines, after: scaleLine, indent: indent(lines[scaleLine])))
    }

    private static func removeSpelling(_ text: String, scale: String, spelling: String, from: ScalePlace) -> String? {
        guard let block = scaleBlock(text, scale: scale) else { return nil }
        var lines = block.lines
        let (start, end) = (block.start, block.end)
        switch from {
        case .category(let label):
            guard
                let labelLine = lines[(start + 1)..<end].firstIndex(where: { listItemValue($0, key: "label") == label })
            else { return nil }
            let itemEnd = blockEnd(lines, after: labelLine, indent: indent(lines[labelLine]))
            guard
                let listLine = lines[(labelLine + 1)..<itemEnd].firstIndex(where: { keyName($0) == "synonyms" }),
                let list = try? Yams.load(yaml: valueText(lines[listLine])) as? [Any]
            else { return nil }
            let items = list.map { "\($0)" }
            guard items.contains(spelling) else { return nil }
            let kept = items.filter { $0 != spelling }
            if kept.isEmpty {
                lines.remove(at: listLine)
            } else {
                lines[listLine] =
                    String(repeating: " ", count: indent(lines[listLine])) + "synonyms: ["
                    + kept.map(quoted).joined(separator: ", ") + "]"
            }
        case .offScale:
            guard let key = lines[(start + 1)..<end].firstIndex(where: { keyName($0) == "non_substantive" }) else {
                return nil
            }
            let listEnd = blockEnd(lines, after: key, indent: indent(lines[key]))
            guard
                let item = lines[(key + 1)..<listEnd].firstIndex(where: { listItemValue($0, key: "label") == spelling })
            else { return nil }
            lines.removeSubrange(item..<blockEnd(lines, after: item, indent: indent(lines[item])))
            let remaining = lines[(key + 1)..<blockEnd(lines, after: key, indent: indent(lines[key]))].contains {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ")
            }
            if !remaining { lines.remove(at: key) }
        case .unread:
            // The draft lists such spellings in a comment («#   "…"»): that line goes.
            if let comment = lines[(start + 1)..<end].firstIndex(where: { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("#") else { return false }
                let listed = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                return listed.hasPrefix("\"") && (try? Yams.load(yaml: listed) as? String) == spelling
            }) {
                lines.remove(at: comment)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Adds `spelling` as an item of the scale's `non_substantive:` list, making the list at the
    /// end of the scale when it has none.
    private static func addOffScale(_ text: String, scale: String, spelling: String) -> String? {
        guard let block = scaleBlock(text, scale: scale) else { return nil }
        var lines = block.lines
        let (start, end) = (block.start, block.end)
        let keyIndent = indent(lines[start]) + 2
        let item = String(repeating: " ", count: keyIndent + 2) + "- label: " + quoted(spelling)
        if let key = lines[(start + 1)..<end].firstIndex(where: {
            keyName($0) == "non_substantive" && indent($0) == keyIndent
        }) {
            lines.insert(item, at: blockEnd(lines, after: key, indent: keyIndent))
        } else {
            // After the scale's last line of content, not after comments that open the next block.
            var last = end - 1
            while last > start && lines[last].trimmingCharacters(in: .whitespaces).isEmpty { last -= 1 }
            lines.insert(
                contentsOf: [String(repeating: " ", count: keyIndent) + "non_substantive:", item], at: last + 1)
        }
        return lines.joined(separator: "\n")
    }

    /// Sets `top:` of the measure `measure` of a pipeline to `top`.
    static func setMeasureTop(_ text: String, measure: String, top: Int) -> String? {
        var lines = text.components(separatedBy: "\n")
        guard let idLine = lines.firstIndex(where: { listItemValue($0, key: "id") == measure }) else { return nil }
        let end = blockEnd(lines, after: idLine, indent: indent(lines[idLine]))
        guard let topLine = lines[(idLine + 1)..<end].firstIndex(where: { keyName($0) == "top" }) else { return nil }
        let line = lines[topLine]
        let comment = line.range(of: " #").map { String(line[$0.lowerBound...]) } ?? ""
        lines[topLine] = String(repeating: " ", count: indent(line)) + "top: \(top)" + comment
        return lines.joined(separator: "\n")
    }

    /// Adds `spelling` to the aliases of the school `schoolID` of a register.
    static func addAlias(_ text: String, schoolID: String, spelling: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        guard let idLine = lines.firstIndex(where: { listItemValue($0, key: "id") == schoolID }) else { return nil }
        return add(spelling, toList: "aliases", ofItemAt: idLine, in: lines)
    }

    /// Adds `spelling` to the list `key` of the list item opening on `itemLine` (its keys two
    /// columns right of its dash), making the list when the item has none.
    private static func add(_ spelling: String, toList key: String, ofItemAt itemLine: Int, in lines: [String])
        -> String?
    {
        var lines = lines
        let dashIndent = indent(lines[itemLine])
        let keyIndent = dashIndent + 2
        let itemEnd = blockEnd(lines, after: itemLine, indent: dashIndent)
        if let list = lines[(itemLine + 1)..<itemEnd].firstIndex(where: {
            keyName($0) == key && indent($0) == keyIndent
        }) {
            return append(spelling, toListAt: list, in: &lines) ? lines.joined(separator: "\n") : nil
        }
        lines.insert(String(repeating: " ", count: keyIndent) + "\(key): [\(quoted(spelling))]", at: itemLine + 1)
        return lines.joined(separator: "\n")
    }

    /// Sets the target the draft left commented out (`# target: …  # ЗАДАЙТЕ …`) to `share`; nil
    /// when the pipeline has no such line.
    static func setDraftTarget(_ text: String, share: Double) -> String? {
        var lines = text.components(separatedBy: "\n")
        guard let line = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("# target:") })
        else { return nil }
        lines[line] = String(repeating: " ", count: indent(lines[line])) + "target: \(share)"
        return lines.joined(separator: "\n")
    }

    /// `spelling` as a YAML double-quoted scalar (JSON's escapes are YAML's).
    static func quoted(_ spelling: String) -> String {
        let data = (try? JSONEncoder().encode(spelling)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Appends to the list whose key stands on `index`: a flow list on that line (`[a, b]`), or a
    /// block list on the lines below it.
    private static func append(_ spelling: String, toListAt index: Int, in lines: inout [String]) -> Bool {
        let line = lines[index]
        if let open = line.firstIndex(of: "["), let close = closingBracket(line, from: open) {
            let inside = line[line.index(after: open)..<close]
            let separator = inside.trimmingCharacters(in: .whitespaces).isEmpty ? "" : ", "
            let trimmedInside = inside.replacingOccurrences(
                of: "\\s+$", with: "", options: .regularExpression)
            lines[index] =
                String(line[...open]) + trimmedInside + separator + quoted(spelling) + String(line[close...])
            return true
        }
        guard valueText(line).isEmpty else { return false }
        // A block list: its items are the following lines deeper than the key.
        let keyIndent = indent(line)
        var last = index
        var itemIndent: Int?
        var next = index + 1
        while next < lines.count {
            let candidate = lines[next]
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                next += 1
                continue
            }
            if indent(candidate) < keyIndent || (indent(candidate) == keyIndent && !trimmed.hasPrefix("- ")) { break }
            guard trimmed.hasPrefix("- ") else { return false }
            itemIndent = itemIndent ?? indent(candidate)
            last = next
            next += 1
        }
        guard let itemIndent else { return false }
        lines.insert(String(repeating: " ", count: itemIndent) + "- " + quoted(spelling), at: last + 1)
        return true
    }

    /// The index of the `]` closing the `[` at `open`, outside quotes.
    private static func closingBracket(_ line: String, from open: String.Index) -> String.Index? {
        var quote: Character?
        var depth = 0
        var index = open
        while index < line.endIndex {
            let character = line[index]
            if let current = quote {
                if character == current { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" {
                depth += 1
            } else if character == "]" {
                depth -= 1
                if depth == 0 { return index }
            } else if character == "#" {
                return nil
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// The first line after `start` that begins a sibling or an outer block of a block at
    /// `indent` (or the end).
    private static func blockEnd(_ lines: [String], after start: Int, indent blockIndent: Int) -> Int {
        var index = start + 1
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") && indent(lines[index]) <= blockIndent { return index }
            index += 1
        }
        return lines.count
    }

    private static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// The key of a `key: value` line (after an optional `- `), or nil.
    private static func keyName(_ line: String) -> String? {
        var trimmed = Substring(line.drop { $0 == " " })
        if trimmed.hasPrefix("- ") { trimmed = trimmed.dropFirst(2).drop { $0 == " " } }
        guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { return nil }
        let after = trimmed.index(after: colon)
        guard after == trimmed.endIndex || trimmed[after] == " " else { return nil }
        let key = String(trimmed[..<colon])
        return (try? Yams.load(yaml: key) as? String) ?? key
    }

    /// The text after `key:` on a line, without its comment.
    private static func valueText(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return "" }
        let rest = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return rest.hasPrefix("#") ? "" : rest
    }

    /// The scalar value of a `- key: value` line (a list item opening with that key), or nil.
    private static func listItemValue(_ line: String, key: String) -> String? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("- "), keyName(line) == key else { return nil }
        let value = valueText(String(trimmed.dropFirst(2)))
        guard !value.isEmpty else { return nil }
        if let scalar = try? Yams.load(yaml: value) {
            return scalar as? String ?? "\(scalar)"
        }
        return value
    }
}
