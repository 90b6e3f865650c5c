/// An input chuhai cannot use at all (exit code 2 at the CLI), as opposed to
/// findings in input it could read (diagnostics, exit 1).
public struct ChuhaiError: Error, Sendable, CustomStringConvertible, Equatable {
    public var location: SourceLocation?
    public var message: String
    /// What the user can do about it.
    public var hint: String?

    public init(_ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        var s = location.map { "\($0): error: " } ?? "error: "
        s += message
        if let hint { s += " (\(hint))" }
        return s
    }
}
