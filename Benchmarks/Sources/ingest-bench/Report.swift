#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Timings and peaks of one tool over all its runs.
struct Measurements {
    let tool: String
    var seconds: [Double] = []
    var maxRSSKiB: [Int] = []

    init(tool: String) { self.tool = tool }

    var medianSeconds: Double { median(seconds) }
    var minSeconds: Double { seconds.min() ?? 0 }
    var maxSeconds: Double { seconds.max() ?? 0 }
    /// Median peak RSS in MB (10^6 bytes).
    var medianRSSMegabytes: Double { median(maxRSSKiB.map { Double($0) * 1024 / 1_000_000 }) }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// `value` with exactly `decimals` digits after the point.
func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return "n/a" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let whole = Int(scaled) / Int(scale)
    let fraction = Int(scaled) % Int(scale)
    var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return text
}

/// An integer with thousands separated by commas.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value.magnitude))
    var text = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return (value < 0 ? "-" : "") + text
}

func padLeft(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
}

func padRight(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// The results table: one row per tool, ratio against the first (the floor).
func resultsTable(_ tools: [Measurements], fileBytes: Int) -> String {
    let headers = ["tool", "median s", "min s", "max s", "MB/s", "peak RSS MB", "time × bare"]
    let widths = [15, 10, 9, 9, 9, 13, 13]
    var lines: [String] = []
    var header = padRight(headers[0], widths[0])
    for index in 1..<headers.count { header += padLeft(headers[index], widths[index]) }
    lines.append(header)
    lines.append(String(repeating: "-", count: widths.reduce(0, +)))
    let floor = tools.first?.medianSeconds ?? 0
    for tool in tools {
        let throughput = tool.medianSeconds > 0 ? Double(fileBytes) / 1_000_000 / tool.medianSeconds : 0
        let ratio = floor > 0 ? tool.medianSeconds / floor : 0
        var line = padRight(tool.tool, widths[0])
        line += padLeft(fixed(tool.medianSeconds, 3), widths[1])
        line += padLeft(fixed(tool.minSeconds, 3), widths[2])
        line += padLeft(fixed(tool.maxSeconds, 3), widths[3])
        line += padLeft(fixed(throughput, 1), widths[4])
        line += padLeft(fixed(tool.medianRSSMegabytes, 1), widths[5])
        line += padLeft(fixed(ratio, 2) + "×", widths[6])
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}

/// Facts about the machine the figures came from.
struct MachineFacts {
    var onlineCPUs: Int
    var usableCPUs: Int
    var cpuModel: String
    var memTotalKiB: Int?
    var kernel: String
    var loadAverage: String

    static func current() -> MachineFacts {
        var model = "unknown"
        if let info = readTextFile("/proc/cpuinfo") {
            for line in info.split(separator: "\n") where line.hasPrefix("model name") {
                if let colon = line.firstIndex(of: ":") {
                    model = line[line.index(after: colon)...].trimmingSpaces()
                }
                break
            }
        }
        var memory: Int?
        if let info = readTextFile("/proc/meminfo") {
            for line in info.split(separator: "\n") where line.hasPrefix("MemTotal:") {
                memory = Int(line.filter { $0.isNumber })
            }
        }
        let kernel = (readTextFile("/proc/sys/kernel/osrelease") ?? "unknown").trimmingSpaces()
        return MachineFacts(
            onlineCPUs: sysconf(Int32(_SC_NPROCESSORS_ONLN)),
            usableCPUs: usableCPUCount(),
            cpuModel: model, memTotalKiB: memory, kernel: "Linux " + kernel, loadAverage: currentLoadAverage())
    }

    /// What `nproc` prints: CPUs this process may run on (affinity mask), from /proc/self/status.
    static func usableCPUCount() -> Int {
        guard let status = readTextFile("/proc/self/status") else { return sysconf(Int32(_SC_NPROCESSORS_ONLN)) }
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            var count = 0
            for range in line.dropFirst("Cpus_allowed_list:".count).trimmingSpaces().split(separator: ",") {
                let bounds = range.split(separator: "-").compactMap { Int($0) }
                if bounds.count == 2 { count += bounds[1] - bounds[0] + 1 } else if bounds.count == 1 { count += 1 }
            }
            if count > 0 { return count }
        }
        return sysconf(Int32(_SC_NPROCESSORS_ONLN))
    }
}

func currentLoadAverage() -> String {
    let text = readTextFile("/proc/loadavg") ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
