import Foundation

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

    /// `书名：…` and `作者：…` lines before the first chapter, as download sites write them.
    ///
    /// - Returns: the title and author they give, if any.
    public static func frontMatterMetadata(_ chapters: [Chapter]) -> (title: String?, author: String?) {
        guard let front = chapters.first, front.title == nil, chapters.count > 1 else { return (nil, nil) }
        var title: String?, author: String?
        for p in front.paragraphs.prefix(10) {
            let parts = p.text.split(maxSplits: 1, whereSeparator: { $0 == "：" || $0 == ":" })
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "《》"))
            guard !value.isEmpty else { continue }
            if title == nil, ["书名", "書名", "作品名", "作品名称", "小说名", "Title"].contains(key) { title = value }
            if author == nil, ["作者", "著者", "Author"].contains(key) { author = value }
        }
        return (title, author)
    }
}
