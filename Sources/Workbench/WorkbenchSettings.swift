import Foundation

/// How `shnor serve` runs: where the analyst's files live, where it listens, and the secrets of
/// this server's life.
///
/// Everything the workbench reads or writes stays under `root`: uploaded exports in `exports/`,
/// registers in `registers/`, drafted pipelines in `pipelines/<id>/`, run outputs in `out/<id>/`
/// (and `out/history.sqlite`). The access token is set only when the server listens beyond
/// 127.0.0.1; the CSRF token guards every form for as long as the server runs.
public struct WorkbenchSettings: Sendable {
    public var root: String
    public var host: String
    public var port: Int
    /// Required of every request when listening beyond the loopback (`--listen`); nil on 127.0.0.1.
    public var accessToken: String?
    /// The token every form and upload must carry.
    public var csrfToken: String
    /// The largest upload accepted, in bytes.
    public var maxUploadBytes: Int

    /// A district's exports are a few megabytes and the largest export the tool is measured on
    /// (two million result rows) about 150 MB: 512 MiB leaves room for that, while a mistaken
    /// drop of a disk image or video is refused before it fills the disk.
    public static let defaultMaxUploadBytes = 512 << 20

    public init(
        root: String, host: String = "127.0.0.1", port: Int = 8080, listensBeyondLoopback: Bool = false,
        maxUploadBytes: Int = WorkbenchSettings.defaultMaxUploadBytes
    ) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.host = host
        self.port = port
        self.accessToken = listensBeyondLoopback ? Self.randomToken() : nil
        self.csrfToken = Self.randomToken()
        self.maxUploadBytes = maxUploadBytes
    }

    /// 128 random bits as 32 hex digits (the system's generator).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
