import Foundation

/// The XLIFF versions chuhai writes: 2.1 (current OASIS standard) and 1.2 (what many CAT tools still import).
public enum XLIFFVersion: String, Sendable, CaseIterable, Codable {
    case v2_1 = "2.1"
    case v1_2 = "1.2"
}

/// Writes bilingual documents as XLIFF (localization-standards.md §1 and §2).
///
/// 2.1: a `<file>` per chapter, a `<unit>` per paragraph or cue, a `<segment>` per
/// sentence with `<ignorable>` for the whitespace between; metadata (chapter ids, cue
/// times, code values) in the Metadata module (`mda:`), terms as `<mrk type="term">` with
/// the Glossary module (`gls:glossary`). 1.2: `trans-unit` with the whole source, a
/// `seg-source` of `<mrk mtype="seg">` sentences, and the target segmented the same way;
/// metadata in `context-group`s. Output is deterministic: same input, same bytes.
public enum XLIFFWriter {
    public static let xliff2Namespace = "urn:oasis:names:tc:xliff:document:2.0"
    public static let xliff12Namespace = "urn:oasis:names:tc:xliff:document:1.2"
    public static let glossaryNamespace = "urn:oasis:names:tc:xliff:glossary:2.0"
    public static let metadataNamespace = "urn:oasis:names:tc:xliff:metadata:2.0"
    /// Category of chuhai's metadata groups, and prefix of its custom values.
    public static let category = "chuhai"
    /// Metadata key prefix for inline code values (link targets, ruby readings).
    static let codeValuePrefix = "code-value:"

    public static func write(_ doc: BilingualDocument, version: XLIFFVersion) -> String {
        version == .v2_1 ? write2(doc) : write12(doc)
    }

    /// Writes to `url` through a temporary file and a rename.
    public static func write(_ doc: BilingualDocument, version: XLIFFVersion, to url: URL) throws {
        try AtomicFile.write(Data(write(doc, version: version).utf8), to: url)
    }

    // MARK: 2.1

    static func write2(_ doc: BilingualDocument) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<xliff xmlns=\"\(xliff2Namespace)\" xmlns:gls=\"\(glossaryNamespace)\" xmlns:mda=\"\(metadataNamespace)\""
        out += " version=\"2.1\" srcLang=\"\(attr(doc.sourceLanguage))\" trgLang=\"\(attr(doc.targetLanguage))\">\n"
        for file in doc.files {
            out += "  <file id=\"\(attr(file.id))\"" + (file.original.map { " original=\"\(attr($0))\"" } ?? "") + ">\n"
            out += metadata2(file.metadata, indent: "    ")
            for unit in file.units { writeUnit2(unit, into: &out) }
            out += "  </file>\n"
        }
        out += "</xliff>\n"
        return out
    }

    private static func metadata2(_ items: [Metadatum], indent: String) -> String {
        guard !items.isEmpty else { return "" }
        var s = "\(indent)<mda:metadata><mda:metaGroup category=\"\(category)\">"
        for m in items { s += "<mda:meta type=\"\(attr(m.key))\">\(XML.escape(m.value))</mda:meta>" }
        return s + "</mda:metaGroup></mda:metadata>\n"
    }

    private static func codeValues(_ t: InlineText) -> [Metadatum] {
        t.spans.enumerated().compactMap { i, s in s.value.map { Metadatum(codeValuePrefix + String(i + 1), $0) } }
    }

    /// Terms that lie inside one segment, with their mrk ids (`m1`…) and glossary entry ids (`g1`…).
    private static func placedTerms(_ unit: BilingualUnit) -> [(term: TermAnnotation, segment: Int, n: Int)] {
        var out: [(TermAnnotation, Int, Int)] = []
        for t in unit.terms {
            if let s = unit.segments.firstIndex(where: { $0.lowerBound <= t.range.lowerBound && t.range.upperBound <= $0.upperBound }) {
                out.append((t, s, out.count + 1))
            }
        }
        return out
    }

    private static func writeUnit2(_ unit: BilingualUnit, into out: inout String) {
        out += "    <unit id=\"\(attr(unit.id))\">\n"
        out += metadata2(unit.metadata + codeValues(unit.source), indent: "      ")
        let terms = placedTerms(unit)
        if !terms.isEmpty {
            out += "      <gls:glossary>\n"
            for (t, _, n) in terms {
                out += "        <gls:glossEntry id=\"g\(n)\" ref=\"#m\(n)\">"
                let src = [t.origin, t.conceptID].compactMap { $0 }.joined(separator: "#")
                out += "<gls:term source=\"\(attr(src))\">\(XML.escape(String(decoding: Array(unit.source.text.utf8)[t.range], as: UTF8.self)))</gls:term>"
                if let tr = t.translation { out += "<gls:translation id=\"t\(n)\" ref=\"#m\(n)\">\(XML.escape(tr))</gls:translation>" }
                if let note = t.note { out += "<gls:definition>\(XML.escape(note))</gls:definition>" }
                out += "</gls:glossEntry>\n"
            }
            out += "      </gls:glossary>\n"
        }
        if let note = unit.note { out += "      <notes><note>\(XML.escape(note))</note></notes>\n" }
        let ids = unit.source.spans.indices.map { Optional(String($0 + 1)) }
        let marks = terms.map { InlineCodes.Mark(range: $0.term.range, id: "m\($0.n)", ref: "#gls=g\($0.n)") }
        let n = unit.source.text.utf8.count
        var cursor = 0
        for (i, r) in unit.segments.enumerated() {
            if r.lowerBound > cursor { ignorable2(unit, cursor..<r.lowerBound, ids: ids, isLast: false, into: &out) }
            let target = unit.targets[i]
            out += "      <segment id=\"s\(i + 1)\""
            if let target {
                out += " state=\"\(target.state.rawValue)\""
                if let o = target.origin { out += " subState=\"\(category):\(o.rawValue)" + (target.score.map { "/\($0)" } ?? "") + "\"" }
            }
            out += ">\n        <source>"
            out += InlineCodes.render(unit.source, range: r, ids: ids, marks: marks, isLast: r.upperBound == n && i == unit.segments.count - 1, dialect: .xliff2)
            out += "</source>\n"
            if let target {
                let tids = InlineCodes.targetIDs(target.text, source: unit.source)
                out += "        <target>" + InlineCodes.render(target.text, range: 0..<target.text.text.utf8.count, ids: tids, isLast: true, dialect: .xliff2) + "</target>\n"
            }
            out += "      </segment>\n"
            cursor = r.upperBound
        }
        if cursor < n { ignorable2(unit, cursor..<n, ids: ids, isLast: true, into: &out) }
        out += "    </unit>\n"
    }

    private static func ignorable2(_ unit: BilingualUnit, _ r: Range<Int>, ids: [String?], isLast: Bool, into out: inout String) {
        out += "      <ignorable><source xml:space=\"preserve\">"
        out += InlineCodes.render(unit.source, range: r, ids: ids, isLast: isLast, dialect: .xliff2)
        out += "</source></ignorable>\n"
    }

    // MARK: 1.2

    static func write12(_ doc: BilingualDocument) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<xliff xmlns=\"\(xliff12Namespace)\" version=\"1.2\">\n"
        for file in doc.files {
            out += "  <file original=\"\(attr(file.original ?? file.id))\" source-language=\"\(attr(doc.sourceLanguage))\""
            out += " target-language=\"\(attr(doc.targetLanguage))\" datatype=\"plaintext\">\n"
            // 1.2 has no file id: it rides in the header's tool-neutral prop-group.
            out += "    <header><prop-group name=\"\(category)\"><prop prop-type=\"file-id\">\(XML.escape(file.id))</prop>"
            for m in file.metadata { out += "<prop prop-type=\"\(attr(m.key))\">\(XML.escape(m.value))</prop>" }
            out += "</prop-group></header>\n    <body>\n"
            for unit in file.units { writeUnit12(unit, into: &out) }
            out += "    </body>\n  </file>\n"
        }
        out += "</xliff>\n"
        return out
    }

    private static func writeUnit12(_ unit: BilingualUnit, into out: inout String) {
        out += "      <trans-unit id=\"\(attr(unit.id))\" xml:space=\"preserve\">\n"
        let ids = unit.source.spans.indices.map { Optional(String($0 + 1)) }
        let n = unit.source.text.utf8.count
        out += "        <source>" + InlineCodes.render(unit.source, range: 0..<n, ids: ids, isLast: true, dialect: .xliff12) + "</source>\n"
        let terms = placedTerms(unit)
        let marks = terms.map { InlineCodes.Mark(range: $0.term.range, id: "m\($0.n)", ref: nil) }
        out += "        <seg-source>"
        var cursor = 0
        for (i, r) in unit.segments.enumerated() {
            if r.lowerBound > cursor { out += InlineCodes.render(unit.source, range: cursor..<r.lowerBound, ids: ids, isLast: false, dialect: .xliff12) }
            out += "<mrk mtype=\"seg\" mid=\"\(i + 1)\">"
            out += InlineCodes.render(unit.source, range: r, ids: ids, marks: marks, isLast: r.upperBound == n && i == unit.segments.count - 1, dialect: .xliff12)
            out += "</mrk>"
            cursor = r.upperBound
        }
        if cursor < n { out += InlineCodes.render(unit.source, range: cursor..<n, ids: ids, isLast: true, dialect: .xliff12) }
        out += "</seg-source>\n"
        if unit.targets.contains(where: { $0 != nil }) {
            // 1.2 has one state per target: the least advanced of the segments.
            let states = unit.targets.map { $0?.state ?? .initial }
            let least = states.min() ?? .initial
            let origins = Set(unit.targets.compactMap { $0?.origin })
            out += "        <target state=\"\(least.xliff12)\""
            if origins.count == 1, let o = origins.first { out += " state-qualifier=\"\(o.rawValue)\"" }
            out += ">"
            for (i, t) in unit.targets.enumerated() {
                if i > 0 { out += " " }
                out += "<mrk mtype=\"seg\" mid=\"\(i + 1)\">"
                if let t {
                    let tids = InlineCodes.targetIDs(t.text, source: unit.source)
                    out += InlineCodes.render(t.text, range: 0..<t.text.text.utf8.count, ids: tids, isLast: true, dialect: .xliff12)
                }
                out += "</mrk>"
            }
            out += "</target>\n"
        }
        var context = unit.metadata + codeValues(unit.source)
        for (i, t) in unit.targets.enumerated() {
            if let t, let score = t.score { context.append(Metadatum("score:\(i + 1)", String(score))) }
        }
        if !context.isEmpty {
            out += "        <context-group name=\"\(category)\" purpose=\"information\">"
            for m in context { out += "<context context-type=\"x-\(attr(m.key))\">\(XML.escape(m.value))</context>" }
            out += "</context-group>\n"
        }
        for (t, _, _) in terms {
            var note = String(decoding: Array(unit.source.text.utf8)[t.range], as: UTF8.self)
            if let tr = t.translation { note += " = \(tr)" }
            note += " [" + [t.origin, t.conceptID].compactMap { $0 }.joined(separator: "#") + "]"
            if let d = t.note { note += ": \(d)" }
            out += "        <note from=\"glossary\">\(XML.escape(note))</note>\n"
        }
        if let note = unit.note { out += "        <note>\(XML.escape(note))</note>\n" }
        out += "      </trans-unit>\n"
    }

    private static func attr(_ s: String) -> String { XML.escape(s, attribute: true) }
}
