import Foundation
@testable import ChuhaiKit

/// A compact tree of chapters for assertions: `ch0001 "title" @line` then `  p1 text [spans]`.
enum ChapterDump {
    static func dump(_ chapters: [Chapter], sources: Bool = false) -> String {
        var out = ""
        for c in chapters {
            out += "\(c.id) \(c.title.map { "\"\($0)\"" } ?? "-")"
            if sources, let line = c.source.line { out += " @\(line)" }
            out += "\n"
            for p in c.paragraphs {
                out += "  \(p.id)\(p.headingLevel.map { " h\($0)" } ?? "") \(marked(p))"
                if sources, let s = p.source { out += " @\(s.line.map(String.init) ?? "?")\(s.column.map { ":\($0)" } ?? "")" }
                out += "\n"
            }
        }
        return out
    }

    /// The paragraph text with spans written inline: `{italic:终年}`, `{br}`, `{link=url:text}`.
    static func marked(_ p: Paragraph) -> String {
        let bytes = Array(p.text.utf8)
        var opens: [Int: [InlineSpan]] = [:]
        var closes: [Int: Int] = [:]
        for s in p.spans {
            opens[s.start, default: []].append(s)
            if s.style != .lineBreak { closes[s.end, default: 0] += 1 }
        }
        var out = ""
        for i in 0...bytes.count {
            if let n = closes[i] { out += String(repeating: "}", count: n) }
            for s in opens[i] ?? [] {
                if s.style == .lineBreak { out += "{br}" } else { out += "{\(s.style.rawValue)\(s.value.map { "=\($0)" } ?? ""):" }
            }
            if i < bytes.count {
                var j = i + 1
                while j < bytes.count && bytes[j] & 0xC0 == 0x80 { j += 1 }
                if bytes[i] & 0xC0 != 0x80 { out += String(decoding: bytes[i..<j], as: UTF8.self) }
            }
        }
        return out
    }
}
