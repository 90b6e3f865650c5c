/// The spreadsheet form: one row per concept (README, "Glossary CSV").
///
/// Header columns: `id`, `domain`, `note`, one column per BCP 47 tag holding the
/// main term, and optional `LANG:status`, `LANG:strategy`, `LANG:pos`,
/// `LANG:gender`, `LANG:scope`, `LANG:note` for that term and `LANG:variants`
/// for the others, `|`-separated; a variant may carry `;key=value` attributes
/// (`Foundation Building;status=deprecated`), its status defaulting to admitted.
/// `\` escapes `|`, `;` and `\` inside variants. An optional first row starting
/// with `#glossary` holds `key=value` cells for the glossary's id, name, source, domain.
/// RFC 4180 quoting; UTF-8 with or without BOM. `id` names both the concept-id
/// column and Indonesian: the first `id` column (written first) is the concept id,
/// a second one is Indonesian.
public enum GlossaryCSV {
    static let termAttributes = ["status", "strategy", "pos", "gender", "scope", "note"]

    /// One RFC 4180 field with where it starts.
    struct Field {
        var text: String
        var line: Int
        var column: Int
    }

    /// Splits RFC 4180 records (CRLF, LF; quotes with `""`); a stray quote or an
    /// unterminated quoted field throws with its line and column.
    static func records(_ text: String, file: String) throws -> [[Field]] {
        var rows: [[Field]] = []
        var row: [Field] = []
        var field = String.UnicodeScalarView()
        var line = 1, column = 1
        var fieldLine = 1, fieldColumn = 1
        var quoted = false, inQuotes = false, afterQuote = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endField() {
            row.append(Field(text: String(field), line: fieldLine, column: fieldColumn))
            field = String.UnicodeScalarView()
            quoted = false; afterQuote = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.append("\""); i += 2; column += 2; continue
                    }
                    inQuotes = false; afterQuote = true
                } else {
                    field.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
                i += 1; column += 1
                continue
            }
            switch c {
            case ",":
                endField()
                fieldLine = line; fieldColumn = column + 1
            case "\r", "\n":
                if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                endField()
                if !(row.count == 1 && row[0].text.isEmpty && !quoted) { rows.append(row) }
                row = []
                line += 1; column = 0
                fieldLine = line; fieldColumn = 1
            case "\"":
                if field.isEmpty && !quoted {
                    quoted = true; inQuotes = true
                } else {
                    throw ChuhaiError("stray quote in CSV field", at: SourceLocation(file: file, line: line, column: column),
                                      hint: "quote the whole field and double inner quotes (\"\")")
                }
            default:
                if afterQuote {
                    throw ChuhaiError("text after a closing quote in CSV field", at: SourceLocation(file: file, line: line, column: column),
                                      hint: "double inner quotes (\"\") or quote the whole field")
                }
                field.append(c)
            }
            i += 1; column += 1
        }
        if inQuotes {
            throw ChuhaiError("quoted CSV field never closed", at: SourceLocation(file: file, line: fieldLine, column: fieldColumn),
                              hint: "add the closing quote")
        }
        if !field.isEmpty || !row.isEmpty || quoted { endField(); rows.append(row) }
        return rows
    }

    enum Column: Equatable {
        case id, domain, note
        case term(String)
        case attribute(String, String)
        case variants(String)
    }

    /// Reads a glossary from CSV text (already decoded; BOM removed by `TextDecoder`).
    ///
    /// - Throws: `ChuhaiError` for RFC 4180 syntax errors or a missing header.
    public static func decode(_ text: String, file: String, sink: DiagnosticSink) throws -> Glossary {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var rows = try records(text, file: file)
        var g = Glossary()
        var sourceSet = false
        while let first = rows.first, let cell = first.first, cell.text.hasPrefix("#") {
            rows.removeFirst()
            for f in first.dropFirst() where !f.text.isEmpty {
                guard let eq = f.text.firstIndex(of: "=") else {
                    sink.emit(Diagnostic(.warning, rule: "glossary.structure", "metadata cell '\(f.text)' is not key=value", at: loc(f, file)))
                    continue
                }
                let key = String(f.text[..<eq]), value = String(f.text[f.text.index(after: eq)...])
                switch key {
                case "id": g.id = value
                case "name": g.name = value
                case "source": g.sourceLanguage = value; sourceSet = true
                case "domain": g.domain = value
                default:
                    sink.emit(Diagnostic(.warning, rule: "glossary.unknown-key", "unknown metadata key '\(key)' (known: domain, id, name, source)",
                                         at: loc(f, file)))
                }
            }
        }
        guard let header = rows.first else {
            throw ChuhaiError("CSV has no header row", at: SourceLocation(file: file, line: 1),
                              hint: "first row names the columns: id,domain,note,zh-Hans,en,...")
        }
        var columns: [Column?] = []
        var seen: Set<String> = []
        for (i, f) in header.enumerated() {
            let name = f.text.trimmingCharacters(in: .whitespaces)
            // `id` is both the concept-id column and Indonesian: the first column named id is the concept id.
            if name == "id" && i > 0 && columns.contains(.id) && !seen.contains("id#lang") {
                seen.insert("id#lang")
                columns.append(.term("id"))
                continue
            }
            if name.isEmpty {
                // Spreadsheets export trailing empty columns; data under one is reported per row.
                columns.append(nil)
                continue
            }
            if !seen.insert(name).inserted {
                sink.emit(Diagnostic(.error, rule: "glossary.structure", "column '\(name)' appears twice in the header", at: loc(f, file)))
                columns.append(nil)
                continue
            }
            columns.append(column(name, field: f, file: file, sink: sink))
        }
        let languages = columns.compactMap { c -> String? in if case .term(let l) = c { l } else { nil } }
        if !sourceSet, let first = languages.first { g.sourceLanguage = first }
        if !columns.contains(.id) {
            sink.emit(Diagnostic(.error, rule: "glossary.missing-id", "header has no `id` column; concepts get row-based ids",
                                 at: SourceLocation(file: file, line: header.first?.line ?? 1, column: 1)))
        }
        for (r, row) in rows.dropFirst().enumerated() {
            let rowNumber = r + 2
            if row.allSatisfy({ $0.text.isEmpty }) { continue }
            let line = row.first?.line ?? rowNumber
            if row.count > header.count {
                sink.emit(Diagnostic(.error, rule: "glossary.structure",
                                     "row \(rowNumber) has \(row.count) fields but the header has \(header.count)", at: loc(row[header.count], file)))
            }
            var c = Concept(id: "row-\(rowNumber)", location: SourceLocation(file: file, line: line, column: 1))
            var main: [String: Term] = [:]
            var variants: [String: [Term]] = [:]
            var attrs: [String: [(String, Field)]] = [:]
            for (i, f) in row.enumerated() where i < columns.count {
                guard let col = columns[i] else {
                    if header[i].text.trimmingCharacters(in: .whitespaces).isEmpty && !f.text.isEmpty {
                        sink.emit(Diagnostic(.error, rule: "glossary.structure",
                                             "row \(rowNumber), column \(i + 1): value '\(f.text)' under a column with no header name", at: loc(f, file)))
                    }
                    continue
                }
                switch col {
                case .id:
                    if f.text.isEmpty {
                        sink.emit(Diagnostic(.error, rule: "glossary.missing-id", "row \(rowNumber), column 'id': empty concept id", at: loc(f, file)))
                    } else {
                        c.id = f.text
                    }
                case .domain: if !f.text.isEmpty { c.domain = f.text }
                case .note: if !f.text.isEmpty { c.note = f.text }
                case .term(let lang):
                    if !f.text.isEmpty { main[lang] = Term(f.text, location: loc(f, file)) }
                case .attribute(let lang, let key):
                    if !f.text.isEmpty { attrs[lang, default: []].append((key, f)) }
                case .variants(let lang):
                    variants[lang] = parseVariants(f, language: lang, rowNumber: rowNumber, file: file, sink: sink)
                }
            }
            for (lang, list) in attrs {
                guard var t = main[lang] else {
                    for (key, f) in list {
                        sink.emit(Diagnostic(.error, rule: "glossary.structure",
                                             "row \(rowNumber), column '\(lang):\(key)': set but column '\(lang)' has no term", at: loc(f, file)))
                    }
                    continue
                }
                for (key, f) in list {
                    apply(key, f.text, to: &t) { msg in
                        sink.emit(Diagnostic(.error, rule: "glossary.invalid-value", "row \(rowNumber), column '\(lang):\(key)': \(msg)", at: loc(f, file)))
                    }
                }
                main[lang] = t
            }
            var order: [String] = []
            for col in columns {
                if case .term(let l) = col, !order.contains(l) { order.append(l) }
                if case .variants(let l) = col, !order.contains(l) { order.append(l) }
            }
            for lang in order {
                let terms = (main[lang].map { [$0] } ?? []) + (variants[lang] ?? [])
                if !terms.isEmpty { c.setTerms(terms, for: lang) }
            }
            g.concepts.append(c)
        }
        return g
    }

    private static func loc(_ f: Field, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: f.line, column: f.column)
    }

    private static func column(_ name: String, field: Field, file: String, sink: DiagnosticSink) -> Column? {
        switch name {
        case "id": return .id
        case "domain": return .domain
        case "note": return .note
        default: break
        }
        if let colon = name.firstIndex(of: ":") {
            let lang = String(name[..<colon]), key = String(name[name.index(after: colon)...])
            if LanguageTagSyntax.isWellFormed(lang) {
                if key == "variants" { return .variants(lang) }
                if termAttributes.contains(key) { return .attribute(lang, key) }
            }
        } else if LanguageTagSyntax.isWellFormed(name) {
            return .term(name)
        }
        sink.emit(Diagnostic(.error, rule: "glossary.structure",
                             "unknown column '\(name)': expected id, domain, note, a BCP 47 tag, or TAG:status|strategy|pos|gender|scope|note|variants",
                             at: loc(field, file)))
        return nil
    }

    private static func apply(_ key: String, _ value: String, to t: inout Term, error: (String) -> Void) {
        switch key {
        case "status":
            if let s = TermStatus(rawValue: value) { t.status = s } else { error("status '\(value)' is not one of preferred, admitted, deprecated, forbidden") }
        case "strategy":
            if let s = TermStrategy(rawValue: value) { t.strategy = s } else { error("strategy '\(value)' is not one of translate, transliterate, keep, explain") }
        case "scope":
            if let s = TermScope(value) { t.scope = s } else { error("scope '\(value)' must be `genre` or `work:<id>`") }
        case "pos": t.partOfSpeech = value
        case "gender": t.gender = value
        case "note": t.note = value
        default: error("unknown attribute '\(key)' (known: \(termAttributes.joined(separator: ", ")))")
        }
    }

    /// Splits on unescaped `sep`, keeping escapes for the next level.
    private static func split(_ s: String, on sep: Character) -> [String] {
        var parts: [String] = []
        var cur = ""
        var escaped = false
        for ch in s {
            if escaped { cur.append("\\"); cur.append(ch); escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == sep { parts.append(cur); cur = ""; continue }
            cur.append(ch)
        }
        if escaped { cur.append("\\") }
        parts.append(cur)
        return parts
    }

    private static func unescape(_ s: String) -> String {
        var out = ""
        var escaped = false
        for ch in s {
            if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
        }
        if escaped { out.append("\\") }
        return out
    }

    private static func parseVariants(_ f: Field, language: String, rowNumber: Int, file: String, sink: DiagnosticSink) -> [Term] {
        guard !f.text.isEmpty else { return [] }
        var out: [Term] = []
        for item in split(f.text, on: "|") {
            let parts = split(item, on: ";")
            let text = unescape(parts[0])
            if text.isEmpty {
                sink.emit(Diagnostic(.error, rule: "glossary.empty-term", "row \(rowNumber), column '\(language):variants': empty variant",
                                     at: loc(f, file)))
                continue
            }
            var t = Term(text, status: .admitted, location: loc(f, file))
            for attr in parts.dropFirst() {
                guard let eq = attr.firstIndex(of: "=") else {
                    sink.emit(Diagnostic(.error, rule: "glossary.invalid-value",
                                         "row \(rowNumber), column '\(language):variants': '\(attr)' is not key=value", at: loc(f, file)))
                    continue
                }
                apply(String(attr[..<eq]), unescape(String(attr[attr.index(after: eq)...])), to: &t) { msg in
                    sink.emit(Diagnostic(.error, rule: "glossary.invalid-value", "row \(rowNumber), column '\(language):variants': \(msg)",
                                         at: loc(f, file)))
                }
            }
            out.append(t)
        }
        return out
    }

    // MARK: - Writing

    /// CSV with only the columns the glossary uses, CRLF line ends (RFC 4180), no BOM.
    public static func encode(_ g: Glossary) -> String {
        let langs = g.languages
        var header = ["id"]
        let hasDomain = g.concepts.contains { $0.domain != nil }, hasNote = g.concepts.contains { $0.note != nil }
        if hasDomain { header.append("domain") }
        if hasNote { header.append("note") }
        header += langs
        var attrColumns: [(String, String)] = []
        for lang in langs {
            let mains = g.concepts.compactMap { $0.terms(lang).first }
            for key in termAttributes where mains.contains(where: { attribute(key, of: $0, main: true) != nil }) {
                attrColumns.append((lang, key))
            }
            if g.concepts.contains(where: { $0.terms(lang).count > 1 }) { attrColumns.append((lang, "variants")) }
        }
        header += attrColumns.map { "\($0.0):\($0.1)" }
        var lines: [String] = []
        var meta = ["#glossary"]
        if let id = g.id { meta.append("id=\(id)") }
        if let name = g.name { meta.append("name=\(name)") }
        meta.append("source=\(g.sourceLanguage)")
        if let d = g.domain { meta.append("domain=\(d)") }
        lines.append(meta.map(quote).joined(separator: ","))
        lines.append(header.map(quote).joined(separator: ","))
        for c in g.concepts {
            var row = [c.id]
            if hasDomain { row.append(c.domain ?? "") }
            if hasNote { row.append(c.note ?? "") }
            for lang in langs { row.append(c.terms(lang).first?.text ?? "") }
            for (lang, key) in attrColumns {
                let terms = c.terms(lang)
                if key == "variants" {
                    row.append(terms.dropFirst().map(variant).joined(separator: "|"))
                } else {
                    row.append(terms.first.flatMap { attribute(key, of: $0, main: true) } ?? "")
                }
            }
            lines.append(row.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An attribute's text, nil when it is the default (preferred for the main term, admitted for variants).
    private static func attribute(_ key: String, of t: Term, main: Bool) -> String? {
        switch key {
        case "status": return t.status == (main ? .preferred : .admitted) ? nil : t.status.rawValue
        case "strategy": return t.strategy?.rawValue
        case "pos": return t.partOfSpeech
        case "gender": return t.gender
        case "scope": return t.scope?.description
        case "note": return t.note
        default: return nil
        }
    }

    private static func escapeVariant(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "\\" || ch == "|" || ch == ";" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    private static func variant(_ t: Term) -> String {
        var s = escapeVariant(t.text)
        for key in termAttributes {
            if let v = attribute(key, of: t, main: false) { s += ";\(key)=\(escapeVariant(v))" }
        }
        return s
    }

    static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

import Foundation
