import Foundation

/// Advanced SubStation Alpha / SSA, read only: `Dialogue:` events with their
/// style's italic/bold/underline/alignment, `\N` line breaks and `{\…}` overrides.
public enum ASS {
    public static func read(_ data: Data, file: String, encoding: TextEncoding? = nil, sink: DiagnosticSink) throws -> Track {
        let source = try SubtitleSource.decode(data, file: file, encoding: encoding)
        return parse(source, file: file, sink: sink)
    }

    public static func parse(_ text: String, file: String, sink: DiagnosticSink) -> Track {
        parse(SubtitleSource(text: text, encoding: .utf8, hadBOM: false), file: file, sink: sink)
    }

    private struct Style {
        var style: SpanStyle = []
        var position: VerticalPosition = .bottom
        var color: String?
    }

    static func parse(_ source: SubtitleSource, file: String, sink: DiagnosticSink) -> Track {
        var track = Track(file: file, format: .ass, encoding: source.encoding, hadBOM: source.hadBOM)
        source.withUTF8 { buf in
            let text = ByteText(buf)
            let diagnostics = ReaderDiagnostics(file: file, sink: sink)
            var section = ""
            var legacy = false
            var styleFormat: [String] = []
            var eventFormat: [String] = []
            var styles: [String: Style] = [:]
            for line in 0..<text.lineCount {
                let s = text.string(text.trimmed(line))
                if s.hasPrefix("[") && s.hasSuffix("]") {
                    section = s.lowercased()
                    if section == "[v4 styles]" { legacy = true }
                    continue
                }
                guard let colon = s.firstIndex(of: ":") else { continue }
                let key = s[..<colon].lowercased()
                let value = s[s.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if section.contains("styles") {
                    if key == "format" {
                        styleFormat = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    } else if key == "style" {
                        let f = value.split(separator: ",", maxSplits: max(0, styleFormat.count - 1), omittingEmptySubsequences: false)
                            .map { $0.trimmingCharacters(in: .whitespaces) }
                        func field(_ n: String) -> String? { styleFormat.firstIndex(of: n).flatMap { $0 < f.count ? f[$0] : nil } }
                        var st = Style()
                        if field("italic") == "-1" || field("italic") == "1" { st.style.insert(.italic) }
                        if field("bold") == "-1" || field("bold") == "1" { st.style.insert(.bold) }
                        if field("underline") == "-1" || field("underline") == "1" { st.style.insert(.underline) }
                        if let a = field("alignment").flatMap(Int.init) {
                            st.position = legacy ? ((5...7).contains(a) ? .top : .bottom) : (a >= 7 ? .top : .bottom)
                        }
                        if let name = field("name") { styles[name] = st }
                    }
                } else if section == "[events]" {
                    if key == "format" {
                        eventFormat = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    } else if key == "dialogue" {
                        if eventFormat.isEmpty {
                            eventFormat = ["layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"]
                        }
                        // The text field is last and may contain commas.
                        let f = value.split(separator: ",", maxSplits: eventFormat.count - 1, omittingEmptySubsequences: false)
                            .map(String.init)
                        func field(_ n: String) -> String? { eventFormat.firstIndex(of: n).flatMap { $0 < f.count ? f[$0] : nil } }
                        let n = track.cues.count + 1
                        guard let st = field("start").flatMap(time), let en = field("end").flatMap(time) else {
                            diagnostics.emit(.error, "parse", "Dialogue line with malformed Start/End (expected H:MM:SS.cc); skipped",
                                             text: text, line: line, cue: n)
                            continue
                        }
                        let style = field("style").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { styles[$0] } ?? Style()
                        let body = field("text") ?? ""
                        let name = field("name")?.trimmingCharacters(in: .whitespaces)
                        // Map the text field back onto the source line for column-accurate diagnostics.
                        let r = text.trimmed(line)
                        let textOffset = r.upperBound - body.utf8.count
                        var markup = InlineMarkup()
                        markup.assItalic = style.style.contains(.italic)
                        markup.assBold = style.style.contains(.bold)
                        markup.assUnderline = style.style.contains(.underline)
                        var lines: [CueLine] = []
                        var segStart = textOffset
                        var i = textOffset
                        let b = text.bytes
                        while i <= r.upperBound {
                            let isBreak = i + 1 < r.upperBound && b[i] == 0x5C && (b[i + 1] == 0x4E || b[i + 1] == 0x6E)
                            if i == r.upperBound || isBreak {
                                lines.append(markup.parseLine(text, line: line, range: segStart..<i, diagnostics: diagnostics, cue: n,
                                                              assSyntax: true))
                                i += 2
                                segStart = i
                                continue
                            }
                            i += 1
                        }
                        let loc = SourceLocation(file: file, line: line + 1, column: 1, byteOffset: text.start(line))
                        track.cues.append(Cue(id: nil, start: st, end: en, lines: lines, speaker: name?.isEmpty == false ? name : nil,
                                              position: markup.position ?? style.position, location: loc))
                    }
                }
            }
            if eventFormat.isEmpty && track.cues.isEmpty {
                sink.emit(Diagnostic(.error, rule: "parse", "no [Events] section with Dialogue lines: not an ASS/SSA file",
                                     at: SourceLocation(file: file, line: 1)))
            }
        }
        return track
    }

    /// `H:MM:SS.cc` (centiseconds).
    static func time(_ s: String) -> SubtitleTime? {
        let p = s.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard p.count == 3, let h = Int64(p[0]), let m = Int64(p[1]), m < 60 else { return nil }
        let sp = p[2].split(separator: ".")
        guard sp.count == 2, let sec = Int64(sp[0]), sec < 60, let frac = Int64(sp[1]), sp[1].count <= 3 else { return nil }
        let ms = sp[1].count == 2 ? frac * 10 : sp[1].count == 1 ? frac * 100 : frac
        return .milliseconds(((h * 60 + m) * 60 + sec) * 1000 + ms)
    }
}
