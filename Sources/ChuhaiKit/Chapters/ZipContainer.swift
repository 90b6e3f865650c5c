import Foundation
import ZIPFoundation

/// Read-only access to the parts of a DOCX or EPUB, with errors that name the entry.
///
/// Entries are capped in size so a zip bomb fails with a message instead of
/// filling memory. Locations inside the archive are written `book.epub!OEBPS/ch1.xhtml`.
struct ZipContainer {
    let file: String
    private let archive: Archive
    private let entries: [String: Entry]
    /// Largest entry chuhai inflates (a 3,000-character chapter is ~10 KB; whole novels in one
    /// DOCX stay far below this).
    static let maxEntrySize: UInt64 = 256 << 20

    init(data: Data, file: String, kind: String) throws {
        self.file = file
        let magic = Array(data.prefix(4))
        guard magic == [0x50, 0x4B, 0x03, 0x04] || magic == [0x50, 0x4B, 0x05, 0x06] else {
            let looksLikeText = !data.prefix(512).contains(0) && String(data: data.prefix(512), encoding: .utf8) != nil
            throw ChuhaiError(
                "not a \(kind): the file is not a zip archive" + (looksLikeText ? " (it holds plain text)" : ""),
                at: SourceLocation(file: file),
                hint: "a .\(kind.lowercased()) must be saved by a word processor or e-book tool; rename it if it is another format")
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ChuhaiError(
                "damaged \(kind): the zip archive cannot be opened (\(error)); it may be truncated",
                at: SourceLocation(file: file), hint: "download or export the file again")
        }
        var map: [String: Entry] = [:]
        for entry in archive where entry.type == .file { map[entry.path] = entry }
        entries = map
    }

    /// `file!entry`, the location of an entry in messages.
    func location(_ path: String, line: Int? = nil, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: "\(file)!\(path)", line: line, column: column)
    }

    func contains(_ path: String) -> Bool { resolve(path) != nil }

    /// Exact path first, then a case-insensitive match (archives made on Windows get case wrong).
    private func resolve(_ path: String) -> Entry? {
        if let e = entries[path] { return e }
        let lower = path.lowercased()
        return entries.first { $0.key.lowercased() == lower }?.value
    }

    /// The bytes of an entry.
    ///
    /// - Parameter what: what the entry is, for the message when it is missing.
    func data(_ path: String, what: String) throws -> Data {
        guard let entry = resolve(path) else {
            throw ChuhaiError("\(what) \(path) is missing from the archive", at: SourceLocation(file: file),
                              hint: "the file is incomplete or not made by a standard tool; export it again")
        }
        guard entry.uncompressedSize <= Self.maxEntrySize else {
            throw ChuhaiError("\(path) inflates to \(entry.uncompressedSize) bytes, over chuhai's \(Self.maxEntrySize >> 20) MB limit",
                              at: location(path), hint: "split the document into smaller files")
        }
        var out = Data()
        out.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry) { chunk in
                out.append(chunk)
                if UInt64(out.count) > Self.maxEntrySize { throw ZipLimitExceeded() }
            }
        } catch is ZipLimitExceeded {
            throw ChuhaiError("\(path) inflates past chuhai's \(Self.maxEntrySize >> 20) MB limit", at: location(path),
                              hint: "split the document into smaller files")
        } catch {
            throw ChuhaiError("damaged archive entry \(path): \(error)", at: location(path),
                              hint: "the file is corrupt; download or export it again")
        }
        return out
    }

    /// An entry parsed as XML; malformed XML is reported at its line and column inside the entry.
    func xml(_ path: String, what: String) throws -> XMLDocument {
        try XML.parse(try data(path, what: what), file: "\(file)!\(path)")
    }

    /// Resolves an href relative to the folder of `base` (`OEBPS/content.opf` + `../Text/c1.xhtml`).
    static func resolve(_ href: String, relativeTo base: String) -> String {
        let decoded = href.removingPercentEncoding ?? href
        var parts = base.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        if decoded.hasPrefix("/") { parts = [] }
        for p in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if p == ".." { _ = parts.popLast() } else if p != "." { parts.append(String(p)) }
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "/")
    }
}

private struct ZipLimitExceeded: Error {}
