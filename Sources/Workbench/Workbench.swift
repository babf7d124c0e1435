import Dispatch
import Foundation
import Hummingbird
import Logging

/// The analyst's workbench (`shnor serve`): a local web application over the same library calls
/// the commands make — inspect, draft, run, the ledger, the notes.
///
/// Pages are rendered on the server (`Pages`); the only script (`/workbench.js`) streams an
/// upload and polls a run's progress. Safety: `AccessMiddleware` (token beyond the loopback,
/// CSRF on every change), `WorkbenchFolder` (names and paths), uploads streamed to disk under a
/// size limit, rejected rows shown only to a client on this machine.
public enum Workbench {
    /// The router with every page, for the server and for tests.
    public static func router(_ settings: WorkbenchSettings) throws -> Router<WorkbenchContext> {
        let folder = WorkbenchFolder(root: settings.root)
        try folder.createFolders()
        let handlers = Handlers(settings: settings, folder: folder, jobs: RunJobs())
        let router = Router(context: WorkbenchContext.self)
        router.add(middleware: ErrorPageMiddleware())
        router.add(middleware: AccessMiddleware(settings: settings))
        handlers.register(on: router)
        return router
    }

    /// The application listening where `settings` say; `onRunning` gets the port once it listens.
    public static func application(
        _ settings: WorkbenchSettings, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var logger = Logger(label: "shnor.serve")
        logger.logLevel = .warning
        return Application(
            router: try router(settings),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }

    /// Runs the workbench until the process ends; prints the address to open (with the access
    /// token when there is one). Throws when the server cannot start (the port taken, say).
    public static func serve(_ settings: WorkbenchSettings, announce: @escaping @Sendable (String) -> Void) throws {
        let app = try application(settings) { port in
            var address = "http://\(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(port)/"
            if let token = settings.accessToken { address += "?token=" + token }
            announce(address)
        }
        let outcome = ServeOutcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.error = error }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw error }
    }
}

/// The error the server ended with, handed from its task to the waiting thread.
private final class ServeOutcome: @unchecked Sendable {
    // Written by the server's task before it signals, read by the waiting thread after.
    var error: (any Error)?
}
