/// What `chuhai text detect` reports about a file.
public struct TextReport: Codable, Sendable, Equatable {
    public var file: String
    public var encoding: String
    public var confidence: Int
    public var bom: Bool
    public var lineEnding: String
    public var script: String
    public var language: String
    public var characters: Int

    public static func inspect(path: String) throws -> TextReport {
        let decoded = try TextDecoder.read(path: path)
        let guess = LanguageGuess.guess(decoded.text)
        let ending = decoded.lineEnding == "\r\n" ? "CRLF" : decoded.lineEnding == "\r" ? "CR" : "LF"
        return TextReport(file: path, encoding: decoded.encoding.rawValue, confidence: decoded.confidence, bom: decoded.hadBOM,
                          lineEnding: ending, script: guess.script, language: guess.language, characters: decoded.text.count)
    }
}
