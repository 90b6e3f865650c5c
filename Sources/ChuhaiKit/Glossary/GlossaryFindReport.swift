/// What `chuhai glossary find` prints, built here so tests reach it without the binary.
public enum GlossaryFindReport {
    struct Line: Encodable {
        var file: String
        var concept: String
        var term: String
        var text: String
        var start: Int
        var end: Int
        var line: Int
    }

    struct Coverage: Encodable {
        struct Body: Encodable {
            var concepts: Int
            var found: Int
            var occurrences: Int
            var counts: [String: Int]
        }
        var coverage: Body
    }

    /// Text: `file:line:col: concept term | context`, then a coverage table.
    /// JSONL: one object per match (`concept`, `term` = glossary form, `text` = as written,
    /// `start`/`end` = UTF-8 offsets, `line`), then `{"coverage": …}`.
    public static func render(_ results: [(file: String, text: String, occurrences: [TermIndex.Occurrence])], glossary: Glossary,
                              jsonl: Bool) -> String {
        var out = ""
        var counts: [String: Int] = [:]
        var total = 0
        for (file, text, occ) in results {
            let li = LineIndex(text)
            let bytes = Array(text.utf8)
            for o in occ {
                counts[o.conceptID, default: 0] += 1
                total += 1
                let line = li.line(o.start)
                let written = String(decoding: bytes[o.start..<o.end], as: UTF8.self)
                if jsonl {
                    out += JSON.encode(Line(file: file, concept: o.conceptID, term: o.term, text: written, start: o.start, end: o.end, line: line),
                                       pretty: false) + "\n"
                } else {
                    out += "\(file):\(line):\(li.column(o.start)): \(o.conceptID) \(o.term) | \(context(li, o: o, bytes: bytes))\n"
                }
            }
        }
        let conceptCount = Set(glossary.concepts.map(\.id)).count
        if jsonl {
            out += JSON.encode(Coverage(coverage: .init(concepts: conceptCount, found: counts.count, occurrences: total, counts: counts)),
                               pretty: false) + "\n"
        } else {
            let pct = conceptCount == 0 ? 0 : counts.count * 100 / conceptCount
            out += "coverage: \(counts.count) of \(conceptCount) concepts occur (\(pct)%), \(total) occurrences\n"
            for (id, n) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                out += "  \(n)\t\(id)\n"
            }
        }
        return out
    }

    /// Up to 20 scalars either side of the match, the match in 【】.
    private static func context(_ li: LineIndex, o: TermIndex.Occurrence, bytes: [UInt8]) -> String {
        let (lineStart, lineEnd) = li.bounds(ofLine: li.line(o.start))
        let before = String(decoding: bytes[lineStart..<o.start], as: UTF8.self)
        let match = String(decoding: bytes[o.start..<o.end], as: UTF8.self)
        let after = o.end < lineEnd ? String(decoding: bytes[o.end..<lineEnd], as: UTF8.self) : ""
        return String(String.UnicodeScalarView(before.unicodeScalars.suffix(20))) + "【" + match + "】"
            + String(String.UnicodeScalarView(after.unicodeScalars.prefix(20)))
    }
}
