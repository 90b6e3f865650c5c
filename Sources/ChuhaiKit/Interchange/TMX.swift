import Foundation

/// One translation memory entry: a source segment, its translation and where it was used.
public struct TMUnit: Sendable, Hashable {
    /// `tu@tuid` (`qingyun-ch0001-p12-s1`).
    public var id: String?
    public var sourceLanguage: String
    public var targetLanguage: String
    public var source: String
    public var target: String
    /// Where the segment was used (the previous source segment, or `file/unit`), for
    /// in-context exact matches; TMX `prop type="x-context"`.
    public var context: String?
    /// Other `prop`s, kept so an import/export cycle loses nothing chuhai understands.
    public var properties: [Metadatum]
    /// ISO 8601 basic (`20250101T120000Z`), as TMX writes dates.
    public var creationDate: String?

    public init(id: String? = nil, sourceLanguage: String, targetLanguage: String, source: String, target: String,
                context: String? = nil, properties: [Metadatum] = [], creationDate: String? = nil) {
        self.id = id
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.target = target
        self.context = context
        self.properties = properties
        self.creationDate = creationDate
    }
}

/// TMX 1.4b (localization-standards.md §3): `tu` → `tuv@xml:lang` → `seg`, metadata in `prop`.
///
/// Reading is streamed (one `tu` in memory at a time), so memories of millions of units
/// load without a tree. Inline codes (`bpt`/`ept`/`ph`/`it`) are dropped from segments
/// and `hi` keeps its text: chuhai's memory matches plain sentences (TMX level 1).
public enum TMX {
    public static let contextProperty = "x-context"

    public enum Rule {
        public static let incomplete = "tmx.incomplete-tu"
        public static let language = "tmx.language"
    }

    /// Reads every source→target pair of a TMX file. A `tu` with several target
    /// languages gives one unit per target.
    ///
    /// - Throws: `ChuhaiError` for unreadable, malformed or non-TMX files.
    public static func read(path: String, sink: DiagnosticSink) throws -> [TMUnit] {
        let s = ReadState(file: path, sink: sink)
        try XML.stream(path: path, expanding: { $0.name == "tu" || $0.name == "header" }) { try s.handle($0) }
        return try s.finish()
    }

    public static func read(_ data: Data, file: String, sink: DiagnosticSink) throws -> [TMUnit] {
        let s = ReadState(file: file, sink: sink)
        try XML.stream(data, file: file, expanding: { $0.name == "tu" || $0.name == "header" }) { try s.handle($0) }
        return try s.finish()
    }

    private final class ReadState {
        let file: String
        let sink: DiagnosticSink
        var sawRoot = false
        var sourceLanguage: String?
        var units: [TMUnit] = []

        init(file: String, sink: DiagnosticSink) {
            self.file = file
            self.sink = sink
        }

        func handle(_ event: XMLStreamEvent) throws {
            switch event {
            case .start(let tag) where tag.depth == 0:
                guard tag.name == "tmx" else {
                    throw ChuhaiError("not a TMX file (root element <\(tag.name)>)", at: SourceLocation(file: file, line: tag.line),
                                      hint: "pass a .tmx translation memory")
                }
                sawRoot = true
            case .element(let e) where e.name == "header":
                let s = e.attribute("srclang")
                sourceLanguage = s == "*all*" ? nil : s
            case .element(let e) where e.name == "tu":
                readTU(e)
            default:
                break
            }
        }

        func readTU(_ e: XMLElement) {
            var tuvs: [(lang: String, text: String)] = []
            for tuv in e.elements(named: "tuv") {
                guard let lang = tuv.xmlAttribute("lang") ?? tuv.attribute("lang"), !lang.isEmpty else {
                    sink.emit(Diagnostic(.error, rule: Rule.language, "<tuv> without xml:lang; the variant is skipped",
                                         at: SourceLocation(file: file, line: tuv.line)))
                    continue
                }
                tuvs.append((lang, tuv.firstElement(named: "seg").map(TMX.plainText) ?? ""))
            }
            let srcIndex = sourceLanguage.flatMap { s in tuvs.firstIndex { sameLanguage($0.lang, s) } } ?? (sourceLanguage == nil && !tuvs.isEmpty ? 0 : nil)
            guard let si = srcIndex, tuvs.count >= 2 else {
                sink.emit(Diagnostic(.warning, rule: Rule.incomplete,
                                     "<tu\(e.attribute("tuid").map { " tuid=\"\($0)\"" } ?? "")> needs a \(sourceLanguage ?? "source") variant and at least one translation; skipped",
                                     at: SourceLocation(file: file, line: e.line)))
                return
            }
            var context: String?
            var props: [Metadatum] = []
            for p in e.elements(named: "prop") {
                let type = p.attribute("type") ?? ""
                if type == contextProperty { context = p.textContent } else { props.append(Metadatum(type, p.textContent)) }
            }
            for (i, t) in tuvs.enumerated() where i != si {
                units.append(TMUnit(id: e.attribute("tuid"), sourceLanguage: tuvs[si].lang, targetLanguage: t.lang, source: tuvs[si].text,
                                    target: t.text, context: context, properties: props, creationDate: e.attribute("creationdate")))
            }
        }

        func finish() throws -> [TMUnit] {
            guard sawRoot else { throw ChuhaiError("empty document", at: SourceLocation(file: file)) }
            return units
        }
    }

    /// Segment text without inline code data.
    static func plainText(_ e: XMLElement) -> String {
        var s = ""
        for c in e.children {
            switch c {
            case .text(let t): s += t
            case .element(let x) where x.name == "hi": s += plainText(x)
            case .element: break
            }
        }
        return s
    }

    /// Writes units as TMX 1.4b. Deterministic: dates are only written when the units carry them.
    public static func write(_ units: [TMUnit], sourceLanguage: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"
        out += "  <header creationtool=\"chuhai\" creationtoolversion=\"\(ChuhaiKit.version)\" segtype=\"sentence\" o-tmf=\"chuhai\""
        out += " adminlang=\"en\" srclang=\"\(XML.escape(sourceLanguage, attribute: true))\" datatype=\"plaintext\"/>\n  <body>\n"
        for u in units {
            out += "    <tu"
            if let id = u.id { out += " tuid=\"\(XML.escape(id, attribute: true))\"" }
            if let d = u.creationDate { out += " creationdate=\"\(XML.escape(d, attribute: true))\"" }
            out += ">\n"
            if let c = u.context { out += "      <prop type=\"\(contextProperty)\">\(XML.escape(c))</prop>\n" }
            for p in u.properties { out += "      <prop type=\"\(XML.escape(p.key, attribute: true))\">\(XML.escape(p.value))</prop>\n" }
            out += "      <tuv xml:lang=\"\(XML.escape(u.sourceLanguage, attribute: true))\"><seg>\(XML.escape(u.source))</seg></tuv>\n"
            out += "      <tuv xml:lang=\"\(XML.escape(u.targetLanguage, attribute: true))\"><seg>\(XML.escape(u.target))</seg></tuv>\n"
            out += "    </tu>\n"
        }
        return out + "  </body>\n</tmx>\n"
    }

    public static func write(_ units: [TMUnit], sourceLanguage: String, to url: URL) throws {
        try AtomicFile.write(Data(write(units, sourceLanguage: sourceLanguage).utf8), to: url)
    }

    /// Memory units from a translated bilingual document: one per translated segment,
    /// with `file/unit` as context.
    public static func units(from doc: BilingualDocument, states: Set<TranslationState> = [.translated, .reviewed, .final]) -> [TMUnit] {
        var out: [TMUnit] = []
        for f in doc.files {
            for u in f.units {
                for (i, t) in u.targets.enumerated() {
                    let src = u.sourceSegment(i).text
                    guard let t, states.contains(t.state), !t.text.text.isEmpty else { continue }
                    out.append(TMUnit(id: "\(f.id)-\(u.id)-s\(i + 1)", sourceLanguage: doc.sourceLanguage, targetLanguage: doc.targetLanguage,
                                      source: src, target: t.text.text, context: "\(f.id)/\(u.id)"))
                }
            }
        }
        return out
    }
}

/// Languages match when equal or when their primary subtags agree (`zh-CN` ~ `zh-Hans`, `en-US` ~ `en`).
func sameLanguage(_ a: String, _ b: String) -> Bool {
    a.caseInsensitiveCompare(b) == .orderedSame || primaryLanguage(a) == primaryLanguage(b)
}
