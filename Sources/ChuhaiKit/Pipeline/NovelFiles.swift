import Foundation

/// Reading novel sources and translations through the chapter readers, numbered the way the project numbers them.
enum NovelFiles {
    static func options(_ work: ProjectConfig.WorkConfig, singleFile: Bool) -> ChapterOptions {
        ChapterOptions(headingPatterns: work.headingPattern.map { [$0] } ?? [],
                       // A per-chapter file is one chapter whose first line is its heading, whatever it says.
                       firstLineIsTitle: !singleFile)
    }

    /// Heading matchers compile regular expressions: build one per work and reuse it.
    private static let matchers = MatcherCache()

    /// One chapter file (any format the readers know) as chapter `number`.
    static func chapter(path: String, number: Int, work: ProjectConfig.WorkConfig, diagnostics: inout [Diagnostic]) throws -> Chapter {
        try chapter(data: TextDecoder.readFile(path), path: path, number: number, work: work, diagnostics: &diagnostics)
    }

    /// The same, from bytes not yet written (xliff import checks what it is about to store).
    static func chapter(data: Data, path: String, number: Int, work: ProjectConfig.WorkConfig, diagnostics: inout [Diagnostic]) throws -> Chapter {
        let options = options(work, singleFile: false)
        let doc = try ChapterReader.read(data: data, file: path, options: options,
                                         matcher: matchers.matcher(options), firstNumber: number)
        diagnostics += doc.diagnostics
        var chapter: Chapter
        if doc.chapters.count == 1 {
            chapter = doc.chapters[0]
        } else {
            // A chapter file that holds several headings: keep them as one chapter, headings as paragraphs.
            chapter = doc.chapters.first ?? Chapter(id: "", number: number, title: nil, paragraphs: [], source: SourceLocation(file: path))
            for extra in doc.chapters.dropFirst() {
                if let t = extra.title { chapter.paragraphs.append(Paragraph(id: "", text: t, headingLevel: 2, source: extra.source)) }
                chapter.paragraphs += extra.paragraphs
            }
            for i in chapter.paragraphs.indices { chapter.paragraphs[i].id = "p\(i + 1)" }
        }
        chapter.id = Chapter.id(for: number)
        chapter.number = number
        return chapter
    }

    /// Every chapter of a single-file novel (or its translation), split at headings.
    static func chapters(path: String, work: ProjectConfig.WorkConfig) throws -> (chapters: [Chapter], diagnostics: [Diagnostic]) {
        try chapters(data: TextDecoder.readFile(path), path: path, work: work)
    }

    static func chapters(data: Data, path: String, work: ProjectConfig.WorkConfig) throws -> (chapters: [Chapter], diagnostics: [Diagnostic]) {
        let doc = try ChapterReader.read(data: data, file: path, options: options(work, singleFile: true))
        let chapters = doc.chapters.enumerated().map { i, c -> Chapter in
            var c = c
            c.number = i + 1
            c.id = Chapter.id(for: i + 1)
            return c
        }
        return (chapters, doc.diagnostics)
    }
}

/// Compiled heading matchers by options, shared by all tasks of a run.
final class MatcherCache: @unchecked Sendable {
    private var matchers: [ChapterOptions: HeadingMatcher] = [:]
    private let lock = NSLock()

    func matcher(_ options: ChapterOptions) throws -> HeadingMatcher {
        if let m = lock.withLock({ matchers[options] }) { return m }
        let m = try HeadingMatcher(options: options)
        lock.withLock { matchers[options] = m }
        return m
    }
}
