import Foundation
import Testing
@testable import ChuhaiKit

/// Larger DOCX and EPUB files from a seeded generator: what goes in must come out, in order.
@Suite struct GeneratedBookTests {
    /// Sentences from the seeded generator ChuhaiKit already has, so every run builds the same book.
    static func sentence(_ g: inout SplitMix64) -> String {
        let words = ["青云", "山门", "灵气", "丹田", "剑意", "师父", "弟子", "林青檀", "雪", "风"]
        return (0..<g.next(3...12)).map { _ in words[g.next(0...words.count - 1)] }.joined() + "。"
    }

    struct Book {
        var titles: [String]
        var paragraphs: [[String]]
    }

    static func book(seed: UInt64, chapters: Int) -> Book {
        var g = SplitMix64(seed: seed)
        var book = Book(titles: [], paragraphs: [])
        for n in 1...chapters {
            book.titles.append("第\(n)章 \(sentence(&g).dropLast())")
            book.paragraphs.append((0..<g.next(1...8)).map { _ in sentence(&g) })
        }
        return book
    }

    @Test func epubWithManyChaptersKeepsSpineOrder() throws {
        let book = Self.book(seed: 42, chapters: 150)
        var g = SplitMix64(seed: 7)
        // Manifest in shuffled order: only the spine decides reading order.
        var ids = Array(0..<book.titles.count)
        for i in stride(from: ids.count - 1, to: 0, by: -1) { ids.swapAt(i, g.next(0...i)) }
        var parts: [(String, String)] = [
            ("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", """
                <?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\
                <rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>
                """),
        ]
        let manifest = ids.map { "<item id=\"c\($0)\" href=\"text/c\($0).xhtml\" media-type=\"application/xhtml+xml\"/>" }.joined()
        let spine = book.titles.indices.map { "<itemref idref=\"c\($0)\"/>" }.joined()
        parts.append(("OPS/book.opf", """
            <?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="u">\
            <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="u">g</dc:identifier>\
            <dc:title>生成之书</dc:title><dc:language>zh-Hans</dc:language></metadata>\
            <manifest>\(manifest)</manifest><spine>\(spine)</spine></package>
            """))
        for i in ids {
            let body = "<h1>\(book.titles[i])</h1>" + book.paragraphs[i].map { "<p>　　\($0)</p>\n" }.joined()
            parts.append(("OPS/text/c\(i).xhtml", """
                <?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head>\
                <body>\(body)</body></html>
                """))
        }
        let doc = try ChapterReader.read(data: ZipFixture.zip(parts), file: "gen.epub")
        #expect(doc.title == "生成之书")
        #expect(doc.chapters.map(\.title) == book.titles)
        #expect(doc.chapters.map { $0.paragraphs.map(\.text) } == book.paragraphs)
        #expect(doc.chapters.map(\.id) == (1...150).map(Chapter.id(for:)))
        #expect(ChapterNumbering.diagnostics(doc.chapters).isEmpty)
    }

    @Test func docxWithManyHeadingsSplitsAtEachOne() throws {
        let book = Self.book(seed: 2026, chapters: 120)
        let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
        var body = ""
        for (title, paragraphs) in zip(book.titles, book.paragraphs) {
            body += "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>\(title)</w:t></w:r></w:p>"
            for p in paragraphs {
                // Split each paragraph into two runs, the second italic, as Word does after an edit.
                let mid = p.index(p.startIndex, offsetBy: p.count / 2)
                body += "<w:p><w:r><w:t>\(p[..<mid])</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>\(p[mid...])</w:t></w:r></w:p>"
            }
        }
        let data = try ZipFixture.zip([
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("word/document.xml", "<?xml version=\"1.0\"?><w:document \(w)><w:body>\(body)</w:body></w:document>"),
        ])
        let doc = try ChapterReader.read(data: data, file: "gen.docx")
        #expect(doc.chapters.map(\.title) == book.titles)
        #expect(doc.chapters.map { $0.paragraphs.map(\.text) } == book.paragraphs)
        for (c, paragraphs) in zip(doc.chapters, book.paragraphs) {
            for (p, text) in zip(c.paragraphs, paragraphs) {
                let mid = text.index(text.startIndex, offsetBy: text.count / 2)
                #expect(p.spans == [InlineSpan(start: text[..<mid].utf8.count, end: text.utf8.count, style: .italic)])
            }
        }
    }

    @Test func generatorIsDeterministic() {
        let a = Self.book(seed: 1, chapters: 5), b = Self.book(seed: 1, chapters: 5), c = Self.book(seed: 2, chapters: 5)
        #expect(a.titles == b.titles && a.paragraphs == b.paragraphs)
        #expect(a.titles != c.titles)
    }
}
