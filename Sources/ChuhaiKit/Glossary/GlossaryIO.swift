import Foundation

/// The three glossary file formats.
public enum GlossaryFormat: String, Sendable, CaseIterable {
    case yaml, csv, tbx

    /// By extension: `.yaml`/`.yml`, `.csv`, `.tbx`/`.xml`.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "yaml", "yml": self = .yaml
        case "csv": self = .csv
        case "tbx", "xml": self = .tbx
        default: return nil
        }
    }

    public var fileExtension: String { rawValue }
}

/// Reading and writing glossaries in any format.
public enum GlossaryIO {
    /// A glossary with what the reader found wrong in it.
    public struct Loaded: Sendable {
        public var glossary: Glossary
        public var format: GlossaryFormat
        /// Structure findings (unknown keys, bad values, missing ids).
        public var diagnostics: [Diagnostic]
        /// The decoded text, for caret lines in diagnostics.
        public var text: String
    }

    /// Decodes bytes in `format` (guessed from `file`'s extension, else from content).
    ///
    /// - Throws: `ChuhaiError` when the bytes are not a glossary at all (bad encoding, malformed syntax).
    public static func decode(_ data: Data, file: String, format: GlossaryFormat? = nil) throws -> Loaded {
        let format = format ?? GlossaryFormat(path: file) ?? sniff(data)
        let sink = DiagnosticSink()
        let glossary: Glossary
        let text: String
        switch format {
        case .tbx:
            text = String(decoding: data, as: UTF8.self)
            glossary = try GlossaryTBX.decode(data, file: file, sink: sink)
        case .yaml:
            text = try TextDecoder.decode(data, file: file).text
            glossary = try GlossaryYAML.decode(text, file: file, sink: sink)
        case .csv:
            text = try TextDecoder.decode(data, file: file).text
            glossary = try GlossaryCSV.decode(text, file: file, sink: sink)
        }
        return Loaded(glossary: normalized(glossary), format: format, diagnostics: sink.diagnostics, text: text)
    }

    /// Reads a file.
    ///
    /// - Throws: `ChuhaiError` when the file is missing or unreadable.
    public static func read(path: String, format: GlossaryFormat? = nil) throws -> Loaded {
        try decode(readData(path: path), file: path, format: format)
    }

    /// The file's bytes, or a `ChuhaiError` (exit 2) naming it.
    static func readData(path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ChuhaiError("cannot read glossary: \(error.localizedDescription)", at: SourceLocation(file: path),
                              hint: "check the path and permissions")
        }
    }

    /// Convenience for the pipeline: reads, and throws on structure errors.
    public static func load(path: String) throws -> Glossary {
        let loaded = try read(path: path)
        if let e = loaded.diagnostics.first(where: { $0.severity == .error }) {
            throw ChuhaiError(e.message, at: e.location, hint: "run `chuhai glossary lint \(path)`")
        }
        return loaded.glossary
    }

    public static func encode(_ g: Glossary, as format: GlossaryFormat) -> String {
        switch format {
        case .yaml: GlossaryYAML.encode(g)
        case .csv: GlossaryCSV.encode(g)
        case .tbx: GlossaryTBX.encode(g)
        }
    }

    /// Writes atomically (temporary file in the same folder, then rename).
    public static func write(_ g: Glossary, to path: String, as format: GlossaryFormat? = nil) throws {
        let format = format ?? GlossaryFormat(path: path) ?? .yaml
        try AtomicFile.write(Data(encode(g, as: format).utf8), to: URL(fileURLWithPath: path))
    }

    /// TBX when the content starts with `<`, CSV when the first line has a comma and no colon-space, else YAML.
    static func sniff(_ data: Data) -> GlossaryFormat {
        let head = String(decoding: data.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
        if head.hasPrefix("<") { return .tbx }
        let firstLine = head.split(separator: "\n").first.map(String.init) ?? ""
        if firstLine.contains(",") && !firstLine.contains(": ") { return .csv }
        return .yaml
    }

    /// NFC for every text field, as everything downstream (matching, offsets) expects.
    static func normalized(_ g: Glossary) -> Glossary {
        var g = g
        func nfc(_ s: String) -> String { s.unicodeScalars.allSatisfy({ $0.isASCII }) ? s : Normalizer.normalize(s) }
        for i in g.concepts.indices {
            var c = g.concepts[i]
            c.terms = c.terms.map { (lang, terms) in
                (lang, terms.map { t in
                    var t = t
                    t.text = nfc(t.text)
                    t.note = t.note.map(nfc)
                    return t
                })
            }
            c.note = c.note.map(nfc)
            g.concepts[i] = c
        }
        return g
    }
}
