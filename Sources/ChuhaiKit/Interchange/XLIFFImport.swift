/// Checks a translated XLIFF against what was exported, by unit id.
///
/// The pipeline re-creates the expected document from the project (same segmenter,
/// same ids) and compares: units missing from the file, units the file added, and units
/// whose source text changed (a CAT tool or translator edited the source, so the
/// translation may not fit the current text) are reported by file and unit id.
public enum XLIFFImport {
    /// What an import found, per unit.
    public struct Summary: Sendable, Hashable, Codable {
        public var files = 0
        public var units = 0
        public var segments = 0
        public var translatedSegments = 0
        public var missingUnits: [String] = []
        public var extraUnits: [String] = []
        public var changedUnits: [String] = []
        public var untranslatedUnits: [String] = []
    }

    /// Compares `result` with `expected` and reports differences to `sink`.
    ///
    /// - Parameters:
    ///   - expected: the document as chuhai would export it now (nil: only the file's own checks).
    ///   - requireComplete: report untranslated units as errors (else notes).
    /// - Returns: counts and unit ids (`file/unit`) for the CLI summary.
    @discardableResult
    public static func check(_ result: XLIFFReader.Result, expected: BilingualDocument?, requireComplete: Bool = false,
                             sink: DiagnosticSink) -> Summary {
        var s = Summary()
        let doc = result.document
        s.files = doc.files.count
        func loc(_ fid: String, _ uid: String) -> SourceLocation {
            SourceLocation(file: result.path, line: result.lines[fid]?[uid])
        }
        for f in doc.files {
            for u in f.units {
                s.units += 1
                s.segments += u.segments.count
                s.translatedSegments += u.targets.count { !($0?.text.text.isEmpty ?? true) }
                if !u.isTranslated {
                    s.untranslatedUnits.append("\(f.id)/\(u.id)")
                    sink.emit(Diagnostic(requireComplete ? .error : .note, rule: XLIFFReader.Rule.untranslated,
                                         "unit '\(f.id)/\(u.id)' has \(u.targets.count { $0 == nil || ($0!.text.text.isEmpty && $0!.state == .initial) }) untranslated segment(s)",
                                         at: loc(f.id, u.id)))
                }
            }
        }
        guard let expected else { return s }
        let got = doc.unitIndex
        let gotFiles = Dictionary(doc.files.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for f in expected.files {
            guard let units = got[f.id] else {
                for u in f.units { s.missingUnits.append("\(f.id)/\(u.id)") }
                sink.emit(Diagnostic(.error, rule: XLIFFReader.Rule.fileMissing,
                                     "file '\(f.id)' (\(f.units.count) units) is missing; export it again and translate it",
                                     at: SourceLocation(file: result.path)))
                continue
            }
            for u in f.units {
                guard let g = units[u.id] else {
                    s.missingUnits.append("\(f.id)/\(u.id)")
                    sink.emit(Diagnostic(.error, rule: XLIFFReader.Rule.unitMissing,
                                         "unit '\(f.id)/\(u.id)' is missing from the file; its source: \(preview(u.source.text))",
                                         at: SourceLocation(file: result.path)))
                    continue
                }
                if g.source.text != u.source.text {
                    s.changedUnits.append("\(f.id)/\(u.id)")
                    sink.emit(Diagnostic(.error, rule: XLIFFReader.Rule.sourceChanged,
                                         "unit '\(f.id)/\(u.id)': source differs from the project (file: \(preview(g.source.text)); project: \(preview(u.source.text))); re-export this unit",
                                         at: loc(f.id, u.id)))
                }
            }
            let known = Set(f.units.map(\.id))
            for u in gotFiles[f.id]?.units ?? [] where !known.contains(u.id) {
                s.extraUnits.append("\(f.id)/\(u.id)")
                sink.emit(Diagnostic(.warning, rule: XLIFFReader.Rule.unitExtra,
                                     "unit '\(f.id)/\(u.id)' is not in the project; it is ignored", at: loc(f.id, u.id)))
            }
        }
        let expectedFiles = Set(expected.files.map(\.id))
        for f in doc.files where !expectedFiles.contains(f.id) {
            for u in f.units { s.extraUnits.append("\(f.id)/\(u.id)") }
            sink.emit(Diagnostic(.warning, rule: XLIFFReader.Rule.unitExtra, "file '\(f.id)' is not in the project; it is ignored",
                                 at: SourceLocation(file: result.path)))
        }
        return s
    }

    static func preview(_ s: String) -> String {
        let t = s.count > 24 ? String(s.prefix(24)) + "…" : s
        return "“\(t)”"
    }
}
