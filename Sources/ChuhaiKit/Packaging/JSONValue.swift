import Foundation

/// A parsed JSON value that remembers the line it started on, so manifest checks can
/// point at the offending entry. Foundation's JSONSerialization gives neither lines nor
/// a reliable integer/boolean distinction on Linux.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's source text, plus whether it is an integer literal.
    case number(String, integer: Bool)
    case string(String)
    case array([Located])
    /// Members in source order (duplicates kept, so checks can report them).
    case object([(key: String, value: Located)])

    public struct Located: Sendable, Hashable {
        public var value: JSONValue
        /// 1-based line of the value's first character.
        public var line: Int
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x, _), .number(y, _)): Double(x) == Double(y)
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x.map(\.value) == y.map(\.value)
        case let (.object(x), .object(y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value.value == $1.value.value }
        default: false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .number(let n, _): h.combine(Double(n))
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a.map(\.value))
        case .object(let o): for m in o { h.combine(m.key); h.combine(m.value.value) }
        }
    }

    public subscript(key: String) -> Located? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .number(let n, true) = self { Int(n) } else { nil } }
    public var arrayValue: [Located]? { if case .array(let a) = self { a } else { nil } }

    /// Parses strict JSON (RFC 8259).
    ///
    /// - Throws: `ChuhaiError` naming `file`, line and column of the first syntax error.
    public static func parse(_ data: Data, file: String) throws -> Located {
        var p = Parser(bytes: Array(data), file: file)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.error("unexpected text after the JSON value") }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
        }

        func error(_ message: String) -> ChuhaiError {
            let column = String(decoding: bytes[lineStart..<min(i, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
            return ChuhaiError("invalid JSON: \(message)", at: SourceLocation(file: file, line: line, column: column, byteOffset: i),
                               hint: "the file must be JSON as chuhai writes it")
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A:
                    i += 1
                    line += 1
                    lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> Located {
            guard depth < 200 else { throw error("nested too deeply") }
            guard i < bytes.count else { throw error("unexpected end of file") }
            let at = line
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: String, value: Located)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return Located(value: .object(members), line: at)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
                    i += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of file in object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return Located(value: .object(members), line: at) }
                    throw error("expected ',' or '}' in object")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [Located] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return Located(value: .array(items), line: at)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of file in array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return Located(value: .array(items), line: at) }
                    throw error("expected ',' or ']' in array")
                }
            case UInt8(ascii: "\""):
                return Located(value: .string(try string()), line: at)
            case UInt8(ascii: "t"): try literal("true"); return Located(value: .bool(true), line: at)
            case UInt8(ascii: "f"): try literal("false"); return Located(value: .bool(false), line: at)
            case UInt8(ascii: "n"): try literal("null"); return Located(value: .null, line: at)
            default:
                return Located(value: try number(), line: at)
            }
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw error("unexpected character") }
            i += w.count
        }

        mutating func number() throws -> JSONValue {
            let start = i
            var integer = true
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while p.i < p.bytes.count, (0x30...0x39).contains(p.bytes[p.i]) { p.i += 1 }
                return p.i - s
            }
            let intStart = i
            let n = digits(&self)
            guard n > 0, !(n > 1 && bytes[intStart] == 0x30) else { throw error("invalid number") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                integer = false
                i += 1
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                integer = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw error("invalid number") }
            }
            return .number(String(decoding: bytes[start..<i], as: UTF8.self), integer: integer)
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
                    return s
                case UInt8(ascii: "\\"):
                    guard i + 1 < bytes.count else { throw error("unterminated escape") }
                    let e = bytes[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired surrogate escape")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
                            code = 0x10000 + (code - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default:
                        throw error("invalid escape")
                    }
                default:
                    guard b >= 0x20 else { throw error("control character in string") }
                    out.append(b)
                    i += 1
                }
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
                throw error("invalid \\u escape")
            }
            i += 4
            return v
        }
    }
}
