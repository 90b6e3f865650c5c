import Foundation

/// Reads XLIFF 2.x and 1.2 back into a `BilingualDocument`, streaming unit by unit.
///
/// Built for files that went through CAT tools: elements and attributes in unknown
/// namespaces (memoQ, Trados, Phrase extensions) are skipped, not errors; whitespace
/// and attribute order do not matter. What is checked (rule ids in `XLIFFReader.Rule`):
/// unit ids present and unique per file, inline codes complete (every source code in
/// the target, no invented ones) and balanced (start/end codes pair up). Structure the
/// reader cannot use (no version, no units) is a `ChuhaiError`.
public enum XLIFFReader {
    public enum Rule {
        public static let unitID = "xliff.unit-id"
        public static let codeMissing = "xliff.code-missing"
        public static let codeExtra = "xliff.code-extra"
        public static let codeUnbalanced = "xliff.code-unbalanced"
        public static let unitMissing = "xliff.unit-missing"
        public static let unitExtra = "xliff.unit-extra"
        public static let sourceChanged = "xliff.source-changed"
        public static let fileMissing = "xliff.file-missing"
        public static let untranslated = "xliff.untranslated"
    }

    /// A read document plus where each unit was, for reports.
    public struct Result: Sendable {
        public var document: BilingualDocument
        public var version: XLIFFVersion
        /// Line of each unit: `lines[fileID][unitID]`.
        public var lines: [String: [String: Int]]
        public var path: String
    }

    /// Reads a file with libxml2's streaming reader: memory grows with the largest unit, not the file.
    ///
    /// - Throws: `ChuhaiError` for unreadable or malformed files and files that are not XLIFF.
    public static func read(path: String, sink: DiagnosticSink) throws -> Result {
        let state = State(path: path, sink: sink)
        try XML.stream(path: path, expanding: { state.expands($0) }) { try state.handle($0) }
        return try state.finish()
    }

    /// `read(path:)` over bytes already in memory.
    public static func read(_ data: Data, file: String, sink: DiagnosticSink) throws -> Result {
        let state = State(path: file, sink: sink)
        try XML.stream(data, file: file, expanding: { state.expands($0) }) { try state.handle($0) }
        return try state.finish()
    }

    private final class State {
        let path: String
        let sink: DiagnosticSink
        var version: XLIFFVersion?
        var sourceLanguage = "", targetLanguage = ""
        var files: [BilingualFile] = []
        var lines: [String: [String: Int]] = [:]
        var seenIDs = Set<String>()
        var fileLine = 0

        init(path: String, sink: DiagnosticSink) {
            self.path = path
            self.sink = sink
        }

        func expands(_ tag: XMLStreamTag) -> Bool {
            switch version {
            case .v2_1: return (tag.name == "unit" && tag.namespace == XLIFFWriter.xliff2Namespace)
                || (tag.name == "metadata" && tag.namespace == XLIFFWriter.metadataNamespace && tag.depth == 2)
            case .v1_2: return (tag.name == "trans-unit" || tag.name == "header") && tag.namespace == XLIFFWriter.xliff12Namespace
            case nil: return false
            }
        }

        func error(_ rule: String, _ message: String, line: Int?) {
            sink.emit(Diagnostic(.error, rule: rule, message, at: SourceLocation(file: path, line: line)))
        }

        func handle(_ event: XMLStreamEvent) throws {
            switch event {
            case .start(let tag):
                if tag.depth == 0 {
                    guard tag.name == "xliff" else {
                        throw ChuhaiError("not an XLIFF file (root element <\(tag.name)>)", at: SourceLocation(file: path, line: tag.line),
                                          hint: "pass an .xlf/.xliff file")
                    }
                    if tag.namespace == XLIFFWriter.xliff2Namespace {
                        version = .v2_1
                        sourceLanguage = tag.attribute("srcLang") ?? ""
                        targetLanguage = tag.attribute("trgLang") ?? ""
                    } else if tag.namespace == XLIFFWriter.xliff12Namespace || tag.attribute("version") == "1.2" {
                        guard tag.namespace == XLIFFWriter.xliff12Namespace else {
                            throw ChuhaiError("XLIFF 1.2 without its namespace", at: SourceLocation(file: path, line: tag.line),
                                              hint: "add xmlns=\"\(XLIFFWriter.xliff12Namespace)\" to <xliff>")
                        }
                        version = .v1_2
                    } else {
                        throw ChuhaiError("unsupported XLIFF version '\(tag.attribute("version") ?? "?")'", at: SourceLocation(file: path, line: tag.line),
                                          hint: "export XLIFF 2.x or 1.2 from the CAT tool")
                    }
                } else if tag.name == "file" && tag.depth == 1 {
                    fileLine = tag.line
                    if version == .v1_2 {
                        if sourceLanguage.isEmpty { sourceLanguage = tag.attribute("source-language") ?? "" }
                        if targetLanguage.isEmpty { targetLanguage = tag.attribute("target-language") ?? "" }
                        let original = tag.attribute("original")
                        files.append(BilingualFile(id: original ?? "f\(files.count + 1)", original: original))
                    } else {
                        let id = tag.attribute("id") ?? ""
                        if id.isEmpty { error(Rule.unitID, "<file> without an id", line: tag.line) }
                        files.append(BilingualFile(id: id, original: tag.attribute("original")))
                    }
                    seenIDs = []
                }
            case .element(let e):
                guard !files.isEmpty else { return }
                switch e.name {
                case "metadata": files[files.count - 1].metadata = Self.metadata2(e)
                case "header": readHeader12(e)
                case "unit": if let u = readUnit2(e) { add(u, line: e.line) }
                case "trans-unit": if let u = readUnit12(e) { add(u, line: e.line) }
                default: break
                }
            case .end, .text:
                break
            }
        }

        func add(_ unit: BilingualUnit, line: Int) {
            let fid = files[files.count - 1].id
            if unit.id.isEmpty {
                error(Rule.unitID, "unit without an id in file '\(fid)'", line: line)
                return
            }
            if !seenIDs.insert(unit.id).inserted {
                error(Rule.unitID, "duplicate unit id '\(unit.id)' in file '\(fid)'", line: line)
                return
            }
            files[files.count - 1].units.append(unit)
            lines[fid, default: [:]][unit.id] = line
        }

        func finish() throws -> Result {
            guard let version else { throw ChuhaiError("empty document", at: SourceLocation(file: path)) }
            return Result(document: BilingualDocument(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, files: files),
                          version: version, lines: lines, path: path)
        }

        // MARK: 2.x

        static func metadata2(_ e: XMLElement) -> [Metadatum] {
            var out: [Metadatum] = []
            for g in e.descendants(named: "metaGroup") where g.namespace == XLIFFWriter.metadataNamespace && g.attribute("category") == XLIFFWriter.category {
                for m in g.elements(named: "meta") { out.append(Metadatum(m.attribute("type") ?? "", m.textContent)) }
            }
            return out
        }

        func readUnit2(_ e: XMLElement) -> BilingualUnit? {
            let id = e.attribute("id") ?? ""
            var meta: [Metadatum] = []
            var glossary: [String: (concept: String, origin: String?, translation: String?, note: String?)] = [:]
            var note: String?
            var source = ParsedInline()
            var segments: [Range<Int>] = []
            var targets: [(ParsedInline, TranslationState, MatchOrigin?, Int?)?] = []
            for c in e.elements {
                if c.namespace == XLIFFWriter.metadataNamespace && c.name == "metadata" {
                    meta = Self.metadata2(c)
                } else if c.namespace == XLIFFWriter.glossaryNamespace && c.name == "glossary" {
                    for entry in c.elements(named: "glossEntry") {
                        let ref = String((entry.attribute("ref") ?? "").drop { $0 == "#" })
                        let src = entry.firstElement(named: "term")?.attribute("source") ?? ""
                        let parts = src.split(separator: "#", maxSplits: 1).map(String.init)
                        glossary[ref] = (parts.last ?? "", parts.count == 2 ? parts[0] : nil,
                                         entry.firstElement(named: "translation")?.textContent,
                                         entry.firstElement(named: "definition")?.textContent)
                    }
                } else if c.namespace == XLIFFWriter.xliff2Namespace {
                    switch c.name {
                    case "notes": note = c.elements(named: "note").map(\.textContent).joined(separator: "\n")
                    case "segment", "ignorable":
                        let start = source.bytes.count
                        if let s = c.firstElement(named: "source") { source.read(s, dialect: .xliff2) }
                        guard c.name == "segment" else { continue }
                        segments.append(start..<source.bytes.count)
                        if let t = c.firstElement(named: "target") {
                            var p = ParsedInline()
                            p.read(t, dialect: .xliff2)
                            let st = c.attribute("state").flatMap(TranslationState.init(rawValue:)) ?? (p.bytes.isEmpty ? .initial : .translated)
                            let (origin, score) = Self.subState(c.attribute("subState"))
                            targets.append((p, st, origin, score))
                        } else {
                            targets.append(nil)
                        }
                    default: break
                    }
                }
            }
            var values: [String: String] = [:]
            meta.removeAll { m in
                guard m.key.hasPrefix(XLIFFWriter.codeValuePrefix) else { return false }
                values[String(m.key.dropFirst(XLIFFWriter.codeValuePrefix.count))] = m.value
                return true
            }
            let terms = source.marks.compactMap { m -> TermAnnotation? in
                guard m.isTerm, let mid = m.id, let g = glossary[mid] else { return nil }
                return TermAnnotation(conceptID: g.concept, range: m.range, translation: g.translation, note: g.note, origin: g.origin)
            }
            return finishUnit(id: id, line: e.line, source: source, values: values, segments: segments, targets: targets,
                              terms: terms, metadata: meta, note: note)
        }

        /// `TERM = TRANSLATION [ORIGIN#CONCEPT]: NOTE`, as `XLIFFWriter` writes 1.2 glossary notes.
        static func glossaryNote(_ s: String) -> (concept: String, origin: String?, translation: String?, note: String?)? {
            guard let open = s.range(of: " ["), let close = s.range(of: "]", range: open.upperBound..<s.endIndex) else { return nil }
            let head = s[..<open.lowerBound]
            let translation = head.range(of: " = ").map { String(head[$0.upperBound...]) }
            let ref = s[open.upperBound..<close.lowerBound].split(separator: "#", maxSplits: 1).map(String.init)
            let rest = s[close.upperBound...]
            let note = rest.hasPrefix(": ") ? String(rest.dropFirst(2)) : nil
            return (ref.last ?? "", ref.count == 2 ? ref[0] : nil, translation, note)
        }

        static func subState(_ s: String?) -> (MatchOrigin?, Int?) {
            guard let s, s.hasPrefix(XLIFFWriter.category + ":") else { return (nil, nil) }
            let v = s.dropFirst(XLIFFWriter.category.count + 1).split(separator: "/")
            return (v.first.flatMap { MatchOrigin(rawValue: String($0)) }, v.count > 1 ? Int(v[1]) : nil)
        }

        /// Styles the codes, checks them, and builds the unit.
        func finishUnit(id: String, line: Int, source: ParsedInline, values: [String: String], segments: [Range<Int>],
                        targets: [(ParsedInline, TranslationState, MatchOrigin?, Int?)?], terms: [TermAnnotation],
                        metadata: [Metadatum], note: String?) -> BilingualUnit {
            var styles: [String: (InlineSpan.Style, String?)] = [:]
            for c in source.codes where c.kind != .close {
                if let s = c.style { styles[c.id] = (s, values[c.id]) }
            }
            checkBalance(source.codes, unit: id, side: "source", line: line)
            var unit = BilingualUnit(id: id, source: InlineText(source.text, spans: source.spans(styles: styles)),
                                     segments: segments.isEmpty ? [0..<source.bytes.count] : segments,
                                     terms: terms, metadata: metadata, note: note)
            var targetCodes: [ParsedInline.Code] = []
            var anyTarget = false
            for (i, t) in targets.enumerated() where i < unit.targets.count {
                guard let (p, st, origin, score) = t else { continue }
                unit.targets[i] = SegmentTarget(InlineText(p.text, spans: p.spans(styles: styles)), state: st, origin: origin, score: score)
                targetCodes += p.codes
                if !p.bytes.isEmpty { anyTarget = true }
            }
            if anyTarget {
                checkBalance(targetCodes, unit: id, side: "target", line: line)
                // Line breaks are layout the translator may move, drop or add (subtitle lines are
                // broken per language); every other code must come back exactly once.
                func isBreak(_ c: ParsedInline.Code) -> Bool { (styles[c.id]?.0 ?? c.style) == .lineBreak }
                let sourceIDs = Set(source.codes.filter { $0.kind != .close && !isBreak($0) }.map(\.id))
                let targetIDs = Set(targetCodes.filter { $0.kind != .close && !isBreak($0) }.map(\.id))
                for missing in sourceIDs.subtracting(targetIDs).sorted() where unit.isTranslated {
                    error(Rule.codeMissing, "unit '\(id)': inline code \(missing) (\(styles[missing]?.0.rawValue ?? "code")) is missing from the target; put it back around the matching words", line: line)
                }
                for extra in targetIDs.subtracting(sourceIDs).sorted() {
                    error(Rule.codeExtra, "unit '\(id)': target has inline code \(extra), which the source does not; remove it", line: line)
                }
            }
            return unit
        }

        func checkBalance(_ codes: [ParsedInline.Code], unit: String, side: String, line: Int) {
            var open: [String: Int] = [:]
            for c in codes {
                switch c.kind {
                case .open: open[c.id, default: 0] += 1
                case .close:
                    if (open[c.id] ?? 0) == 0 {
                        error(Rule.codeUnbalanced, "unit '\(unit)': \(side) closes inline code \(c.id) that was never opened", line: c.line)
                    } else {
                        open[c.id]! -= 1
                    }
                default: break
                }
            }
            for (id, n) in open.sorted(by: { $0.key < $1.key }) where n > 0 {
                error(Rule.codeUnbalanced, "unit '\(unit)': \(side) opens inline code \(id) and never closes it", line: line)
            }
        }

        // MARK: 1.2

        func readHeader12(_ e: XMLElement) {
            guard !files.isEmpty else { return }
            for g in e.elements(named: "prop-group") where g.attribute("name") == XLIFFWriter.category {
                for p in g.elements(named: "prop") {
                    let key = p.attribute("prop-type") ?? ""
                    if key == "file-id" { files[files.count - 1].id = p.textContent } else { files[files.count - 1].metadata.append(Metadatum(key, p.textContent)) }
                }
            }
        }

        func readUnit12(_ e: XMLElement) -> BilingualUnit? {
            let id = e.attribute("id") ?? ""
            var meta: [Metadatum] = []
            var values: [String: String] = [:]
            var scores: [Int: Int] = [:]
            for g in e.elements(named: "context-group") where g.attribute("name") == XLIFFWriter.category {
                for c in g.elements(named: "context") {
                    var key = c.attribute("context-type") ?? ""
                    if key.hasPrefix("x-") { key.removeFirst(2) }
                    if key.hasPrefix(XLIFFWriter.codeValuePrefix) {
                        values[String(key.dropFirst(XLIFFWriter.codeValuePrefix.count))] = c.textContent
                    } else if key.hasPrefix("score:"), let i = Int(key.dropFirst(6)), let v = Int(c.textContent) {
                        scores[i] = v
                    } else {
                        meta.append(Metadatum(key, c.textContent))
                    }
                }
            }
            var source = ParsedInline()
            var segments: [Range<Int>] = []
            var mids: [String] = []
            if let segSource = e.firstElement(named: "seg-source") {
                for child in segSource.children {
                    switch child {
                    case .text(let t): source.bytes += t.utf8
                    case .element(let c) where c.name == "mrk" && c.attribute("mtype") == "seg":
                        let start = source.bytes.count
                        source.read(c, dialect: .xliff12)
                        segments.append(start..<source.bytes.count)
                        mids.append(c.attribute("mid") ?? "")
                    case .element(let c):
                        source.readCode(c, dialect: .xliff12)
                    }
                }
            } else if let s = e.firstElement(named: "source") {
                source.read(s, dialect: .xliff12)
            }
            var targets: [(ParsedInline, TranslationState, MatchOrigin?, Int?)?] = Array(repeating: nil, count: max(1, segments.count))
            if let t = e.firstElement(named: "target") {
                let state = t.attribute("state").map { TranslationState(xliff12: $0) }
                let origin = t.attribute("state-qualifier").flatMap(MatchOrigin.init(rawValue:))
                let segMarks = t.elements(named: "mrk").filter { $0.attribute("mtype") == "seg" }
                if !segments.isEmpty && !segMarks.isEmpty {
                    for m in segMarks {
                        guard let i = mids.firstIndex(of: m.attribute("mid") ?? "") else { continue }
                        var p = ParsedInline()
                        p.read(m, dialect: .xliff12)
                        targets[i] = (p, state ?? (p.bytes.isEmpty ? .initial : .translated), origin, scores[i + 1])
                    }
                } else {
                    // A CAT tool flattened the target: the unit becomes one segment.
                    var p = ParsedInline()
                    p.read(t, dialect: .xliff12)
                    segments = []
                    targets = [(p, state ?? (p.bytes.isEmpty ? .initial : .translated), origin, scores[1])]
                }
            }
            let note = e.elements(named: "note").filter { $0.attribute("from") != "glossary" }.map(\.textContent)
            // Terms: `<mrk mtype="term">` in order, described by the glossary notes in the same order.
            let glossNotes = e.elements(named: "note").filter { $0.attribute("from") == "glossary" }.map { Self.glossaryNote($0.textContent) }
            let termMarks = source.marks.filter(\.isTerm)
            let terms = zip(termMarks, glossNotes).compactMap { m, g -> TermAnnotation? in
                g.map { TermAnnotation(conceptID: $0.concept, range: m.range, translation: $0.translation, note: $0.note, origin: $0.origin) }
            }
            return finishUnit(id: id, line: e.line, source: source, values: values, segments: segments, targets: targets,
                              terms: terms, metadata: meta, note: note.isEmpty ? nil : note.joined(separator: "\n"))
        }
    }
}
