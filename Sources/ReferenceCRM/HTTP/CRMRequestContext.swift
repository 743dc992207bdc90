import Hummingbird

/// Request context of the reference CRM; the body limit is enforced by ``JSONBody`` with the configured size.
public struct CRMRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
