import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// An HTTP/1.1 child channel that cuts off a client that is too slow to send a request head: the time runs from
/// the connection's start (TLS handshake included) and from the first byte of each later request, and stops once
/// the head is decoded. Hummingbird's idle timeout only sees whole request parts, so on its own a client that
/// trickles a request line keeps its connection for the whole idle timeout, and renews it with every request.
///
/// Two handlers share the work: ``RequestHeadTimer`` on the bytes, before the HTTP decoder, notices a request start;
/// ``RequestHeadWatcher`` on the decoded parts, after it, notices its head and its end.
struct HeadTimeoutChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let timeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // Added before the base sets up its decoder, so the timer sits between TLS (if any) and HTTP.
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadTimer(timeout: timeout))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes the connection when a request head takes longer than `timeout` to arrive. Sees the raw bytes; learns
/// from ``RequestHeadWatcher`` when a head has been decoded and when a request has ended.
final class RequestHeadTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    /// Between requests or inside a head: the next byte (or the connection's start) starts the clock.
    private var awaitingHead = true
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead { startClock(context) }
        context.fireChannelRead(data)
    }

    /// A request head was decoded: its client was in time.
    func headReceived() {
        awaitingHead = false
        stopClock()
    }

    /// A request was read to its end: the next byte starts the next request's clock. (A pipelined request whose
    /// first bytes came with this one's end is left to the idle timeout.)
    func requestEnded() {
        awaitingHead = true
    }

    private func startClock(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            self?.deadline = nil
            context.close(promise: nil)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells the connection's ``RequestHeadTimer`` when a request's head is decoded and when the request ends.
final class RequestHeadWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private var timer: RequestHeadTimer?

    func handlerAdded(context: ChannelHandlerContext) {
        timer = try? context.pipeline.syncOperations.handler(type: RequestHeadTimer.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: timer?.headReceived()
        case .end: timer?.requestEnded()
        case .body: break
        }
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension RequestHeadTimer: Sendable {}

@available(*, unavailable)
extension RequestHeadWatcher: Sendable {}
