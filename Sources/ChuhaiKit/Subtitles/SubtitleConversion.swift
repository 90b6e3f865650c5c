import Foundation

/// What `chuhai convert` does for one file, reachable from tests without the CLI.
public enum SubtitleConversion {
    public struct Options: Sendable {
        public var format: SubtitleFormat
        public var frameRate: FrameRate?
        public var offset: SubtitleTime?
        public var encoding: TextEncoding?
        public var language: String?

        /// Parses the CLI's text options.
        ///
        /// - Throws: `ChuhaiError` naming the option that does not parse.
        public init(format: SubtitleFormat, fps: String? = nil, offset: String? = nil, encoding: String? = nil,
                    language: String? = nil) throws {
            self.format = format
            if let fps {
                guard let r = FrameRate(fps) else { throw ChuhaiError("--fps \(fps) is not a frame rate", hint: "use 24, 25, 29.97 or 30000/1001") }
                frameRate = r
            }
            if let offset {
                guard let t = Subtitles.parseOffset(offset, frameRate: frameRate) else {
                    throw ChuhaiError("--offset \(offset) is not a time", hint: "use +1.5s, -250ms, -00:00:01,200 or 2f with --fps")
                }
                self.offset = t
            }
            if let encoding {
                guard let e = TextEncoding(name: encoding) else { throw ChuhaiError("unknown encoding \(encoding)") }
                self.encoding = e
            }
            self.language = language
        }
    }

    /// Reads `path`, applies frame rate, language and offset, and returns the converted text.
    public static func convert(path: String, options: Options, sink: DiagnosticSink) throws -> String {
        var track = try Subtitles.read(path: path, encoding: options.encoding, sink: sink)
        if let fr = options.frameRate { track.frameRate = fr }
        if let lang = options.language { track.language = lang }
        // TTML needs xml:lang; guess it from the text when neither the user nor the source said.
        if track.language == nil && options.format == .ttml { track.language = SubtitleValidation.guessLanguage(track) }
        if let off = options.offset { track.shift(by: off, sink: sink) }
        return try Subtitles.write(track, as: options.format)
    }

    /// `DIR/<input name>.<ext>`.
    public static func outputPath(for input: String, in dir: String, format: SubtitleFormat) -> String {
        let base = URL(fileURLWithPath: input == "-" ? "stdin" : input).deletingPathExtension().lastPathComponent
        return URL(fileURLWithPath: dir).appendingPathComponent(base + "." + format.fileExtension).path
    }
}
