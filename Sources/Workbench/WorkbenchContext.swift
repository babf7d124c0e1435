import Hummingbird
import NIOCore

/// The request context of the workbench: the client's address, so that rejected rows (personal
/// data) are shown only to the workbench's user on this machine.
public struct WorkbenchContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The server's end of the connection (its port tells the client's socket apart).
    let localAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
    }

    /// Forms are small; uploads are streamed to disk by their own handler, never collected.
    public var maxUploadSize: Int { 1 << 20 }

    /// True when the request comes from this machine's loopback address and from a socket of
    /// the user who started the workbench (`LoopbackPeer`).
    var isLocal: Bool {
        let loopback =
            switch remoteAddress {
            case .v4(let address): address.host.hasPrefix("127.")
            case .v6(let address): address.host == "::1" || address.host.hasPrefix("::ffff:127.")
            default: false
            }
        guard loopback, let clientPort = remoteAddress?.port, let serverPort = localAddress?.port else { return false }
        return LoopbackPeer.isThisUser(clientPort: clientPort, serverPort: serverPort)
    }
}
