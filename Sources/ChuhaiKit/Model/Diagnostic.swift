import Foundation

/// How bad a finding is. Ordered so `max()` gives the worst.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One finding about an input: what rule, where, and what to do.
///
/// The library only produces these; printing, colour and exit codes belong to
/// the CLI so tests can assert on values rather than text.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public var location: SourceLocation
    public var severity: Severity
    /// Stable rule id, e.g. `encoding`, `overlap`, `glossary.duplicate`.
    public var rule: String
    public var message: String
    /// 1-based position of the item (cue, concept, segment) in its file, when there is one.
    public var item: Int?
    /// The offending source line, for a caret display.
    public var sourceLine: String?

    public init(
        _ severity: Severity, rule: String, _ message: String, at location: SourceLocation,
        item: Int? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
        self.item = item
        self.sourceLine = sourceLine
    }

    /// `file:line:col: error[rule]: message`, the compiler form editors understand.
    public var description: String {
        "\(location): \(severity.rawValue)[\(rule)]: \(message)"
    }
}

/// Collects diagnostics from a stage. A class so nested readers can share one.
public final class DiagnosticSink: @unchecked Sendable {
    private var items: [Diagnostic] = []
    private let lock = NSLock()

    public init() {}

    public func emit(_ d: Diagnostic) { lock.withLock { items.append(d) } }

    public var diagnostics: [Diagnostic] { lock.withLock { items } }

    public var hasErrors: Bool { lock.withLock { items.contains { $0.severity == .error } } }
}
