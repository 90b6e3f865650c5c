/// Plain-text novels: one paragraph per line, chapters at heading lines.
///
/// Web-novel TXT files put each paragraph on its own line, indented with two
/// full-width spaces and often separated by blank lines; both are layout, not text.
public enum TextChapterReader {
    /// Splits decoded text into chapters.
    ///
    /// - Parameters:
    ///   - text: decoded text with `\n` line endings (`TextDecoder` output).
    ///   - file: recorded in every `SourceLocation`.
    ///   - firstNumber: number of the first chapter (files of one work continue the count).
    public static func chapters(
        in text: String, file: String, matcher: HeadingMatcher, options: ChapterOptions = .init(), firstNumber: Int = 1,
        diagnostics: inout [Diagnostic]
    ) -> [Chapter] {
        var blocks: [Block] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let scalars = rawLine.unicodeScalars
            guard let first = scalars.firstIndex(where: { !InlineBuilder.isEdgeSpace($0) }) else { continue }
            let last = scalars.lastIndex(where: { !InlineBuilder.isEdgeSpace($0) })!
            let line = String(scalars[first...last])
            let column = scalars.distance(from: scalars.startIndex, to: first) + 1
            blocks.append(Block(text: line, spans: [], headingLevel: nil,
                                source: SourceLocation(file: file, line: lineNumber, column: column),
                                isChapterHeading: options.firstLineIsTitle ? blocks.isEmpty : matcher.isHeading(line)))
        }
        return ChapterAssembler.assemble(
            blocks, isChapterHeading: \.isChapterHeading, file: file, firstNumber: firstNumber, options: options, diagnostics: &diagnostics)
    }
}
