import Foundation

/// TBX (ISO 30042:2019) in the TBX-Basic DCA dialect, plus the TBX v2 `martif` form.
///
/// Facts from localization-standards.md §4: v3 is `tbx` → `text/body` →
/// `conceptEntry` → `langSec@xml:lang` → `termSec` → `term`; v2 (Weblate,
/// Translate Toolkit) is `martif` → `termEntry` → `langSet` → `tig`/`ntig`;
/// both namespaces `urn:iso:std:iso:30042:ed-2` and `urn:iso:std:iso:30042:ed:3.0`
/// are in use. Mapping of chuhai fields:
/// - concept domain → `descrip type="subjectField"`, note → `descrip type="definition"`;
/// - status → `termNote type="administrativeStatus"` (`preferredTerm-admn-sts` …;
///   forbidden is written `forbiddenTerm-admn-sts`, a non-standard value as Weblate/TermWeb use);
/// - pos → `partOfSpeech`, gender → `grammaticalGender`, strategy → `transferComment`
///   (ISO 12620's "how a term transfers into another language"; not in TBX-Basic),
///   scope → `admin type="projectSubset"`, term note → `note`;
/// - glossary id/domain → `titleStmt/note` lines `chuhai-id:` / `chuhai-domain:`, name → `title`,
///   source language → `tbx@xml:lang`.
public enum GlossaryTBX {
    public static let namespaces = ["urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed:3.0"]

    static func status(_ value: String) -> TermStatus? {
        switch value {
        case "preferredTerm-admn-sts", "standardizedTerm-admn-sts", "preferred": .preferred
        case "admittedTerm-admn-sts", "admitted": .admitted
        case "deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated", "superseded": .deprecated
        case "forbiddenTerm-admn-sts", "forbidden", "obsolete": .forbidden
        default: nil
        }
    }

    static func statusValue(_ s: TermStatus) -> String {
        switch s {
        case .preferred: "preferredTerm-admn-sts"
        case .admitted: "admittedTerm-admn-sts"
        case .deprecated: "deprecatedTerm-admn-sts"
        case .forbidden: "forbiddenTerm-admn-sts"
        }
    }

    /// Reads TBX v3 (DCA or DCT style) or v2.
    ///
    /// - Throws: `ChuhaiError` for malformed XML or a root that is not `tbx`/`martif`.
    public static func decode(_ data: Data, file: String, sink: DiagnosticSink) throws -> Glossary {
        let doc = try XML.parse(data, file: file)
        let root = doc.root
        for line in doc.entityReferences {
            sink.emit(Diagnostic(.warning, rule: "glossary.structure", "entity reference left unexpanded (entities are never substituted)",
                                 at: SourceLocation(file: file, line: line)))
        }
        func at(_ e: XMLElement) -> SourceLocation { SourceLocation(file: file, line: e.line) }
        var g = Glossary()
        switch root.name {
        case "tbx":
            if let ns = root.namespace, !namespaces.contains(ns) {
                sink.emit(Diagnostic(.warning, rule: "glossary.structure",
                                     "unexpected TBX namespace '\(ns)' (expected \(namespaces.joined(separator: " or ")))", at: at(root)))
            } else if root.namespace == nil {
                sink.emit(Diagnostic(.warning, rule: "glossary.structure", "tbx element has no namespace (expected \(namespaces[0]))", at: at(root)))
            }
        case "martif":
            break
        default:
            throw ChuhaiError("not a TBX file: root element is <\(root.name)>", at: at(root),
                              hint: "TBX v3 starts with <tbx>, TBX v2 with <martif>")
        }
        if let lang = root.xmlAttribute("lang") { g.sourceLanguage = lang }
        if let header = root.firstElement(named: root.name == "tbx" ? "tbxHeader" : "martifHeader"),
           let title = header.firstElement(named: "fileDesc")?.firstElement(named: "titleStmt") {
            if let t = title.firstElement(named: "title") { g.name = t.textContent }
            for note in title.elements(named: "note") {
                let text = note.textContent
                if text.hasPrefix("chuhai-id: ") { g.id = String(text.dropFirst(11)) }
                if text.hasPrefix("chuhai-domain: ") { g.domain = String(text.dropFirst(15)) }
                if text == "chuhai-untitled" { g.name = nil }
            }
        }
        let entries = root.descendants(named: root.name == "tbx" ? "conceptEntry" : "termEntry")
        if entries.isEmpty {
            sink.emit(Diagnostic(.warning, rule: "glossary.structure", "no \(root.name == "tbx" ? "conceptEntry" : "termEntry") elements", at: at(root)))
        }
        var ignored: Set<String> = []
        func ignore(_ what: String, _ e: XMLElement) {
            if ignored.insert(what).inserted {
                sink.emit(Diagnostic(.note, rule: "glossary.tbx-ignored", "\(what) is not part of the chuhai model and was skipped (first at this line)",
                                     at: at(e)))
            }
        }
        var sawSourceLanguage = root.xmlAttribute("lang") != nil
        for (n, entry) in entries.enumerated() {
            var c = Concept(id: entry.attribute("id") ?? "", location: at(entry))
            if c.id.isEmpty {
                c.id = "entry-\(n + 1)"
                sink.emit(Diagnostic(.error, rule: "glossary.missing-id", "\(entry.name) has no id attribute; add id=\"...\"", at: at(entry)))
            }
            for child in flattened(entry) {
                switch (child.name, child.attribute("type")) {
                case ("descrip", "subjectField"), ("subjectField", _): c.domain = child.textContent
                case ("descrip", "definition"), ("definition", _): c.note = child.textContent
                case ("note", _): if c.note == nil { c.note = child.textContent } else { ignore("a second concept note", child) }
                case ("langSec", _), ("langSet", _):
                    guard let lang = child.xmlAttribute("lang") else {
                        sink.emit(Diagnostic(.error, rule: "glossary.structure", "\(child.name) without xml:lang", at: at(child)))
                        continue
                    }
                    if !sawSourceLanguage { g.sourceLanguage = lang; sawSourceLanguage = true }
                    var terms = c.terms(lang)
                    for sec in flattened(child) {
                        switch sec.name {
                        case "termSec", "tig", "ntig":
                            if let t = term(sec, lang: lang, file: file, sink: sink, ignore: ignore) { terms.append(t) }
                        case "descrip" where sec.attribute("type") == "definition":
                            if c.note == nil { c.note = sec.textContent } else { ignore("a language-level definition", sec) }
                        default:
                            ignore("<\(sec.name)\(sec.attribute("type").map { " type=\"\($0)\"" } ?? "")> in \(child.name)", sec)
                        }
                    }
                    c.setTerms(terms, for: lang)
                default:
                    ignore("<\(child.name)\(child.attribute("type").map { " type=\"\($0)\"" } ?? "")> in \(entry.name)", child)
                }
            }
            g.concepts.append(c)
        }
        return g
    }

    /// Children with `descripGrp`/`termGrp` wrappers opened (TBX v2 and v3 group elements).
    private static func flattened(_ e: XMLElement) -> [XMLElement] {
        var out: [XMLElement] = []
        for child in e.elements {
            if child.name == "descripGrp" || child.name == "termGrp" || child.name == "adminGrp" || child.name == "termNoteGrp" {
                out += flattened(child)
            } else {
                out.append(child)
            }
        }
        return out
    }

    private static func term(_ sec: XMLElement, lang: String, file: String, sink: DiagnosticSink,
                             ignore: (String, XMLElement) -> Void) -> Term? {
        let parts = flattened(sec)
        guard let termElement = parts.first(where: { $0.name == "term" }) else {
            sink.emit(Diagnostic(.error, rule: "glossary.structure", "<\(sec.name)> without <term>", at: SourceLocation(file: file, line: sec.line)))
            return nil
        }
        var t = Term(termElement.textContent, location: SourceLocation(file: file, line: termElement.line))
        for p in parts where p !== termElement {
            // DCA: <termNote type="partOfSpeech">; DCT: <basic:partOfSpeech>.
            let category = (p.name == "termNote" || p.name == "admin" || p.name == "descrip") ? (p.attribute("type") ?? "") : p.name
            let value = p.textContent
            let here = SourceLocation(file: file, line: p.line)
            switch category {
            case "administrativeStatus", "normativeAuthorization":
                if let s = status(value) { t.status = s } else {
                    sink.emit(Diagnostic(.error, rule: "glossary.invalid-value",
                                         "administrativeStatus '\(value)' is not preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts or supersededTerm-admn-sts",
                                         at: here))
                }
            case "partOfSpeech": t.partOfSpeech = value
            case "grammaticalGender": t.gender = value
            case "transferComment":
                if let s = TermStrategy(rawValue: value) { t.strategy = s } else {
                    sink.emit(Diagnostic(.error, rule: "glossary.invalid-value", "transferComment '\(value)' is not translate, transliterate, keep or explain",
                                         at: here))
                }
            case "projectSubset":
                if let s = TermScope(value) { t.scope = s } else { t.scope = .work(value) }
            case "note" where p.name == "note": t.note = value
            default:
                if p.name == "note" { t.note = value } else { ignore("<\(p.name) type=\"\(category)\"> in \(sec.name)", p) }
            }
        }
        return t
    }

    // MARK: - Writing

    /// TBX v3, TBX-Basic DCA, namespace `urn:iso:std:iso:30042:ed-2`, two-space indent.
    public static func encode(_ g: Glossary) -> String {
        func esc(_ s: String) -> String { XML.escape(s) }
        var o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        o += "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"\(XML.escape(g.sourceLanguage, attribute: true))\" xmlns=\"\(namespaces[0])\">\n"
        o += "  <tbxHeader>\n    <fileDesc>\n"
        if g.name != nil || g.id != nil || g.domain != nil {
            o += "      <titleStmt>\n"
            o += "        <title>\(esc(g.name ?? g.id ?? ""))</title>\n"
            if g.name == nil { o += "        <note>chuhai-untitled</note>\n" }
            if let id = g.id { o += "        <note>chuhai-id: \(esc(id))</note>\n" }
            if let d = g.domain { o += "        <note>chuhai-domain: \(esc(d))</note>\n" }
            o += "      </titleStmt>\n"
        }
        o += "      <sourceDesc><p>chuhai glossary</p></sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n"
        o += "  <text>\n    <body>\n"
        for c in g.concepts {
            o += "      <conceptEntry id=\"\(XML.escape(c.id, attribute: true))\">\n"
            if let d = c.domain { o += "        <descrip type=\"subjectField\">\(esc(d))</descrip>\n" }
            if let n = c.note { o += "        <descrip type=\"definition\">\(esc(n))</descrip>\n" }
            for (lang, terms) in c.terms where !terms.isEmpty {
                o += "        <langSec xml:lang=\"\(XML.escape(lang, attribute: true))\">\n"
                for t in terms {
                    o += "          <termSec>\n"
                    o += "            <term>\(esc(t.text))</term>\n"
                    if let p = t.partOfSpeech { o += "            <termNote type=\"partOfSpeech\">\(esc(p))</termNote>\n" }
                    if let gd = t.gender { o += "            <termNote type=\"grammaticalGender\">\(esc(gd))</termNote>\n" }
                    o += "            <termNote type=\"administrativeStatus\">\(statusValue(t.status))</termNote>\n"
                    if let s = t.strategy { o += "            <termNote type=\"transferComment\">\(s.rawValue)</termNote>\n" }
                    if let s = t.scope { o += "            <admin type=\"projectSubset\">\(esc(s.description))</admin>\n" }
                    if let n = t.note { o += "            <note>\(esc(n))</note>\n" }
                    o += "          </termSec>\n"
                }
                o += "        </langSec>\n"
            }
            o += "      </conceptEntry>\n"
        }
        o += "    </body>\n  </text>\n</tbx>\n"
        return o
    }
}
