import Foundation

/// A file pattern from the project file: `novel/{lang}/{n:03}.txt`.
///
/// `{n}` is the chapter or episode number (`{n:03}` pads it to three digits
/// when chuhai builds a path; any run of digits matches when it lists files),
/// `{lang}` a BCP 47 tag. Only the last path component may contain `{n}`.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public var description: String { text }

    /// True when the pattern names many files (has `{n}`).
    public var isNumbered: Bool { text.contains("{n}") || text.contains("{n:") }

    /// The path for a number and language.
    public func path(number: Int? = nil, language: String? = nil) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let token = rest[rest.index(after: open)..<close]
            if token == "lang" {
                out += language ?? "{lang}"
            } else if token == "n" || token.hasPrefix("n:") {
                if let number {
                    let width = token.hasPrefix("n:") ? Int(token.dropFirst(2)) ?? 0 : 0
                    let digits = String(number)
                    out += String(repeating: "0", count: max(0, width - digits.count)) + digits
                } else {
                    out += "{\(token)}"
                }
            } else {
                out += "{\(token)}"
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The numbered files that exist for `language`, sorted by number.
    ///
    /// - Parameter root: folder the pattern is relative to.
    public func files(in root: URL, language: String? = nil) -> [(number: Int, path: String)] {
        let resolved = path(language: language)
        let dirPart = (resolved as NSString).deletingLastPathComponent
        let namePart = (resolved as NSString).lastPathComponent
        let dir = dirPart.isEmpty ? root : ProjectConfig.resolve(dirPart, in: root)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        // The file-name part as literal text around one {n…} token.
        guard let open = namePart.range(of: "{n"), let close = namePart[open.upperBound...].firstIndex(of: "}") else {
            return names.contains(namePart) ? [(1, dir.appendingPathComponent(namePart).path)] : []
        }
        let prefix = String(namePart[..<open.lowerBound])
        let suffix = String(namePart[namePart.index(after: close)...])
        var out: [(Int, String)] = []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(suffix) && name.count > prefix.count + suffix.count {
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            guard middle.allSatisfy(\.isASCIIDigit), let n = Int(middle) else { continue }
            out.append((n, dir.appendingPathComponent(name).path))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
