import Clean
import Notes

/// When a wave of answers was collected: its first and last answer date, from the export's
/// timestamps (DESIGN.md §5: a note says when its data are from, not when it was planned).
struct WaveDates: Equatable {
    let first: (year: Int, month: Int, day: Int)
    let last: (year: Int, month: Int, day: Int)

    /// The dates of the timestamped answers; nil when none has a timestamp.
    init?(_ timestamps: some Sequence<Timestamp?>) {
        var earliest: Timestamp?
        var latest: Timestamp?
        for case let stamp? in timestamps {
            if earliest.map({ stamp < $0 }) ?? true { earliest = stamp }
            if latest.map({ $0 < stamp }) ?? true { latest = stamp }
        }
        guard let earliest, let latest else { return nil }
        first = earliest.date
        last = latest.date
    }

    /// «20–28 ноября 2023 г.».
    var text: String { RussianFormat.dateRange(from: first, to: last) }

    /// «ноябрь 2023 г.»: the month of the last answer, which dates the note.
    var monthText: String { RussianFormat.month(year: last.year, month: last.month) }

    static func == (lhs: WaveDates, rhs: WaveDates) -> Bool { lhs.first == rhs.first && lhs.last == rhs.last }
}
