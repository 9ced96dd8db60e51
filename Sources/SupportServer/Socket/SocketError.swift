#if canImport(Glibc)
import Glibc
#endif

/// A socket call that failed, with the `errno` it left.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// Captures `errno` right after a failed call: `throw SocketError.makeFailed("bind")`.
    static func makeFailed(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
