/// Turns a reader's blocks into numbered chapters: every reader splits the same way.
///
/// Rules (README, "Chapter ingest"):
/// - a chapter starts at each heading block the caller marks; the heading is its title;
/// - blocks before the first heading form an untitled front-matter chapter when there are
///   any (`ChapterOptions.frontMatter` can drop it when the file has headings);
/// - a heading with nothing under it (a volume title followed by a chapter heading) stays a
///   chapter of its own with no paragraphs, so order and titles survive;
/// - a file with no headings is one untitled chapter.
enum ChapterAssembler {
    static func assemble(
        _ blocks: [Block], isChapterHeading: (Block) -> Bool, file: String, firstNumber: Int,
        options: ChapterOptions, diagnostics: inout [Diagnostic]
    ) -> [Chapter] {
        var groups: [(title: Block?, body: [Block])] = [(nil, [])]
        for b in blocks {
            if isChapterHeading(b) {
                groups.append((b, []))
            } else {
                groups[groups.count - 1].body.append(b)
            }
        }
        if groups[0].body.isEmpty {
            groups.removeFirst()
        } else if groups.count > 1 && options.frontMatter == .drop {
            let front = groups.removeFirst()
            diagnostics.append(Diagnostic(
                .note, rule: "ingest.front-matter",
                "dropped \(front.body.count) paragraph(s) before the first chapter heading",
                at: front.body[0].source ?? SourceLocation(file: file)))
        }
        return groups.enumerated().map { index, group in
            let number = firstNumber + index
            var paragraphs: [Paragraph] = []
            paragraphs.reserveCapacity(group.body.count)
            for (i, b) in group.body.enumerated() {
                paragraphs.append(Paragraph(id: "p\(i + 1)", text: b.text, spans: b.spans, headingLevel: b.headingLevel, source: b.source))
            }
            let source = group.title?.source ?? group.body.first?.source ?? SourceLocation(file: file)
            return Chapter(id: Chapter.id(for: number), number: number, title: group.title?.titleText, paragraphs: paragraphs, source: source)
        }
    }

    /// Splits structured documents (Markdown, HTML, DOCX) at headings of the split level: the
    /// given one, else the shallowest level used. With no structural headings at all, body
    /// paragraphs that look like TXT chapter headings (第一章 …) split instead.
    static func assembleStructured(
        _ blocks: [Block], matcher: HeadingMatcher, file: String, firstNumber: Int, options: ChapterOptions,
        diagnostics: inout [Diagnostic]
    ) -> [Chapter] {
        let levels = blocks.compactMap(\.headingLevel)
        if let level = options.splitLevel ?? levels.min(), !levels.isEmpty {
            return assemble(blocks, isChapterHeading: { $0.headingLevel == level }, file: file, firstNumber: firstNumber,
                            options: options, diagnostics: &diagnostics)
        }
        return assemble(blocks, isChapterHeading: { $0.headingLevel == nil && matcher.isHeading($0.text) }, file: file,
                        firstNumber: firstNumber, options: options, diagnostics: &diagnostics)
    }
}
