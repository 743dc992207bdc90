import Hummingbird

/// Request context of the reference CRM; the body limit is enforced by ``JSONBody`` with the configured size.
public struct CRMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Whether the request came on an HTTP/2 stream.
    public let isHTTP2: Bool
    /// The client's address, for the access log (`-` when unknown, e.g. a Unix socket).
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        // An HTTP/1 request's channel is the connection, whose parent is the listening socket; an HTTP/2 request's
        // channel is a stream, whose parent is the connection.
        isHTTP2 = source.channel.parent?.parent != nil
        let remote = source.channel.remoteAddress ?? source.channel.parent?.remoteAddress
        clientAddress = remote?.ipAddress ?? "-"
    }
}
