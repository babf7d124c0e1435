import Hummingbird
import NIOCore

/// The request context of the workbench: the client's address, so that rejected rows (personal
/// data) are shown only to a client on this machine.
public struct WorkbenchContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Forms are small; uploads are streamed to disk by their own handler, never collected.
    public var maxUploadSize: Int { 1 << 20 }

    /// True when the request comes from this machine's loopback address.
    var isLocal: Bool {
        switch remoteAddress {
        case .v4(let address): address.host.hasPrefix("127.")
        case .v6(let address): address.host == "::1" || address.host.hasPrefix("::ffff:127.")
        default: false
        }
    }
}
