import ChuhaiKit
import Foundation
import ZIPFoundation

/// Small works and images the packaging tests share, built in code so every field is visible.
enum PackagingSamples {
    static func paragraph(_ id: String, _ text: String, _ spans: [InlineSpan] = [], heading: Int? = nil) -> Paragraph {
        Paragraph(id: id, text: text, spans: spans, headingLevel: heading)
    }

    /// UTF-8 byte range of the first occurrence of `needle` in `text`.
    static func range(of needle: String, in text: String) -> (Int, Int) {
        let bytes = Array(text.utf8), n = Array(needle.utf8)
        for i in 0...(bytes.count - n.count) where Array(bytes[i..<i + n.count]) == n { return (i, i + n.count) }
        fatalError("'\(needle)' not in '\(text)'")
    }

    static func span(_ needle: String, in text: String, _ style: InlineSpan.Style, _ value: String? = nil) -> InlineSpan {
        let (a, b) = range(of: needle, in: text)
        return InlineSpan(start: a, end: b, style: style, value: value)
    }

    /// A three-chapter translated novel with markup, ruby, a link and characters that need escaping.
    static var novel: Work {
        let p1 = "Lin Dong reached Foundation Establishment & smiled at <Elder Mu>."
        let p2 = "The sect's motto: \"Ask the Dao\" — 问道 — line one"
        let p3 = "Read more at the sect site."
        let chapters = [
            Chapter(id: "ch0001", number: 1, title: "Chapter 1: The Mountain Gate", paragraphs: [
                paragraph("p1", p1, [span("Foundation Establishment", in: p1, .italic), span("Foundation", in: p1, .bold)]),
                paragraph("p2", p2, [span("问道", in: p2, .ruby, "wèn dào"),
                                     InlineSpan(start: p2.utf8.count - 8, end: p2.utf8.count - 8, style: .lineBreak)]),
                paragraph("p3", p3, [span("sect site", in: p3, .link, "https://example.com/?a=1&b=2")]),
            ], source: SourceLocation(file: "novel/zh-Hans/1.txt")),
            Chapter(id: "ch0002", number: 2, title: nil, paragraphs: [
                paragraph("p1", "Trials", heading: 1),
                paragraph("p2", "Nascent Soul elders watched in silence."),
            ], source: SourceLocation(file: "novel/zh-Hans/2.txt")),
            Chapter(id: "ch0003", number: 3, title: "Chapter 3: Core Formation", paragraphs: [
                paragraph("p1", "He breathed in; the dantian filled with qi."),
            ], source: SourceLocation(file: "novel/zh-Hans/3.txt")),
        ]
        return Work(id: "qingyun", kind: .novel, title: "Ask the Dao at Qingyun", author: "Chuhai Demo",
                    language: "en", chapters: chapters)
    }

    static let glossary = [
        GlossaryEntry(term: "Foundation Establishment", source: "筑基", note: "Second cultivation realm, after Qi Condensation."),
        GlossaryEntry(term: "Nascent Soul", source: "元婴", note: nil),
        GlossaryEntry(term: "Core Formation", source: "金丹", note: "Third realm."),
        GlossaryEntry(term: "Heavenly Tribulation", source: "天劫", note: "Not in this book."),
    ]

    /// A valid `width`×`height` RGB PNG (zlib stream of stored blocks), made here so no binary is committed.
    static func png(width: Int = 4, height: Int = 6) -> Data {
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be32(UInt32(body.count)) + typed + be32(Data(typed).crc32(checksum: 0))
        }
        var raw: [UInt8] = []
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width { raw += [UInt8(truncatingIfNeeded: 40 * x), UInt8(truncatingIfNeeded: 30 * y), 120] }
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let len = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)] + raw + be32(b << 16 | a)
        let ihdr = be32(UInt32(width)) + be32(UInt32(height)) + [8, 2, 0, 0, 0]
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", zlib) + chunk("IEND", []))
    }

    /// Entry name → contents of a zip.
    static func unzip(_ data: Data) throws -> [(String, Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var out = Data()
            _ = try archive.extract(entry, consumer: { out.append($0) })
            return (entry.path, out)
        }
    }
}

/// Debian's EPUBCheck, run as `java -jar` because /usr/bin/epubcheck is the jar itself
/// (it relies on binfmt_misc, which containers lack).
enum EPUBCheck {
    static var jar: String? {
        let candidates = ["/usr/share/java/epubcheck.jar", "/usr/bin/epubcheck"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    static var java: String? {
        ["/usr/bin/java", "/usr/local/bin/java"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var available: Bool { jar != nil && java != nil }

    /// Runs EPUBCheck on a file and returns its exit status and combined output.
    static func run(_ file: URL) throws -> (status: Int32, output: String) {
        try Tool.run(java!, ["-jar", jar!, file.path])
    }
}

/// Runs an external checker and returns its status and combined stdout/stderr.
enum Tool {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}
