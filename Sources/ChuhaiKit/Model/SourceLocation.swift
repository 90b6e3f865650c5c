/// A place in an input file, for diagnostics a person can jump to.
///
/// `line` and `column` are 1-based. `column` counts Unicode scalars from the
/// start of the line (so a caret lines up in editors that count characters,
/// and CJK text does not shift it by three per character); it is `nil` when
/// the source only knows lines (libxml2 node positions). `byteOffset` is the
/// UTF-8 (or raw input) byte offset when known.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var byteOffset: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil, byteOffset: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }

    /// `file:line:col`, `file:line`, `file@byte N` or `file`.
    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        } else if let byteOffset {
            s += ": byte \(byteOffset)"
        }
        return s
    }
}
