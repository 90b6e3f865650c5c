import Foundation

/// Reading, writing and converting subtitle files by format.
public enum Subtitles {
    /// The format named by the extension, else sniffed from the first bytes.
    public static func detectFormat(_ data: Data, path: String) -> SubtitleFormat {
        if let f = SubtitleFormat(path: path) { return f }
        var head = data.prefix(512)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
        let s = String(decoding: head, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if s.hasPrefix("WEBVTT") { return .vtt }
        if s.hasPrefix("<") { return .ttml }
        if s.lowercased().hasPrefix("[script info]") { return .ass }
        return .srt
    }

    /// Reads subtitle bytes; problems in the content go to `sink`.
    ///
    /// - Throws: `ChuhaiError` when the bytes cannot be decoded or the XML is malformed.
    public static func read(_ data: Data, file: String, format: SubtitleFormat? = nil, encoding: TextEncoding? = nil,
                            sink: DiagnosticSink) throws -> Track {
        switch format ?? detectFormat(data, path: file) {
        case .srt: try SRT.read(data, file: file, encoding: encoding, sink: sink)
        case .vtt: try WebVTT.read(data, file: file, sink: sink)
        case .ttml: try TTML.read(data, file: file, sink: sink)
        case .ass: try ASS.read(data, file: file, encoding: encoding, sink: sink)
        }
    }

    /// Reads a file (`-` for standard input).
    ///
    /// - Throws: `ChuhaiError` when the file cannot be opened (exit 2 at the CLI) or decoded.
    public static func read(path: String, format: SubtitleFormat? = nil, encoding: TextEncoding? = nil,
                            sink: DiagnosticSink) throws -> Track {
        try read(loadFile(path), file: path == "-" ? "<stdin>" : path, format: format, encoding: encoding, sink: sink)
    }

    /// The file's bytes, or a `ChuhaiError` saying why they cannot be read.
    public static func loadFile(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ChuhaiError("no such file", at: SourceLocation(file: path), hint: "check the path")
        }
        if isDir.boolValue { throw ChuhaiError("is a directory, not a subtitle file", at: SourceLocation(file: path)) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ChuhaiError("cannot read file", at: SourceLocation(file: path), hint: "check permissions")
        }
        return data
    }

    /// Serializes a track; ASS is read-only.
    public static func write(_ track: Track, as format: SubtitleFormat) throws -> String {
        switch format {
        case .srt: SRT.write(track)
        case .vtt: WebVTT.write(track)
        case .ttml: TTML.write(track)
        case .ass: throw ChuhaiError("chuhai reads ASS/SSA but does not write it", hint: "convert to srt, vtt or ttml")
        }
    }

    /// Writes through a temporary file and a rename (`AtomicFile`), so readers never see half a file.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: path))
    }

    /// Parses a time offset: `+1.5s`, `-250ms`, `-00:00:01,200`, `2f` (needs a frame rate), `1.5` (seconds).
    public static func parseOffset(_ text: String, frameRate: FrameRate?) -> SubtitleTime? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if s.first == "+" || s.first == "-" {
            negative = s.first == "-"
            s = s.dropFirst()
        }
        var t: SubtitleTime?
        if s.contains(":") {
            let parts = s.replacingOccurrences(of: ",", with: ".").split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3, let sec = TTMLTiming.decimal(String(parts.last!)) else { return nil }
            var whole: Int64 = 0
            for p in parts.dropLast() {
                guard let v = Int64(p) else { return nil }
                whole = whole * 60 + v
            }
            t = SubtitleTime(value: whole * 60, scale: 1) + SubtitleTime(value: sec.0, scale: sec.1)
        } else if s.hasSuffix("f") {
            guard let fr = frameRate, let n = TTMLTiming.decimal(String(s.dropLast())) else { return nil }
            t = SubtitleTime(value: n.0 * fr.denominator, scale: n.1 * fr.numerator)
        } else if let n = TTMLTiming.decimal(String(s)) {
            t = SubtitleTime(value: n.0, scale: n.1)
        } else {
            t = TTMLTiming().parse(String(s))?.0
        }
        guard let t else { return nil }
        return negative ? -t : t
    }
}

extension Track {
    /// Shifts every cue; cues pushed entirely before zero are dropped and partly-before ones start at zero,
    /// each reported.
    public mutating func shift(by offset: SubtitleTime, sink: DiagnosticSink) {
        var kept: [Cue] = []
        kept.reserveCapacity(cues.count)
        for (k, var cue) in cues.enumerated() {
            cue.start = cue.start + offset
            cue.end = cue.end + offset
            if cue.end <= .zero {
                sink.emit(Diagnostic(.warning, rule: "order", "cue \(k + 1) ends before 00:00:00.000 after the offset; dropped",
                                     at: cue.location ?? SourceLocation(file: file), item: k + 1))
                continue
            }
            if cue.start < .zero {
                sink.emit(Diagnostic(.warning, rule: "order", "cue \(k + 1) starts before 00:00:00.000 after the offset; starts at 0",
                                     at: cue.location ?? SourceLocation(file: file), item: k + 1))
                cue.start = .zero
            }
            kept.append(cue)
        }
        cues = kept
    }
}
