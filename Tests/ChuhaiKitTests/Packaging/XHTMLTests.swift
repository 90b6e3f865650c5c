import ChuhaiKit
import Foundation
import Testing

@Suite struct XHTMLTests {
    typealias S = PackagingSamples

    @Test func spansBecomeNestedElementsAndTextIsEscaped() {
        let p = S.novel.chapters[0].paragraphs[0]
        #expect(XHTML.inline(p) == "Lin Dong reached <em><strong>Foundation</strong> Establishment</em> &amp; smiled at &lt;Elder Mu&gt;.")
    }

    @Test func rubyLineBreakAndLink() {
        let ch = S.novel.chapters[0]
        #expect(XHTML.inline(ch.paragraphs[1]) == "The sect's motto: \"Ask the Dao\" — <ruby>问道<rt>wèn dào</rt></ruby> — <br/>line one")
        #expect(XHTML.inline(ch.paragraphs[2]) == "Read more at the <a href=\"https://example.com/?a=1&amp;b=2\">sect site</a>.")
    }

    @Test func unsafeLinksKeepTheirTextOnly() {
        let text = "click here"
        let p = Paragraph(id: "p1", text: text, spans: [S.span("here", in: text, .link, "javascript:alert(1)")])
        #expect(XHTML.inline(p) == "click here")
    }

    @Test func damagedSpansStillGiveWellFormedText() throws {
        // Ranges past the end, inside a multi-byte character, reversed and crossing.
        let text = "青云山上云雾"
        let p = Paragraph(id: "p1", text: text, spans: [
            InlineSpan(start: 1, end: 7, style: .italic),
            InlineSpan(start: 4, end: 400, style: .bold),
            InlineSpan(start: 12, end: 6, style: .underline),
            InlineSpan(start: -3, end: 2, style: .code),
        ])
        let html = XHTML.inline(p)
        #expect(!html.contains("\u{FFFD}"))
        #expect(html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression) == text)
        _ = try XML.parse(Data("<p>\(html)</p>".utf8), file: "inline")
    }

    @Test func charactersXMLForbidsAreDropped() throws {
        let p = Paragraph(id: "p1", text: "a\u{FFFF}b\u{01}c\u{FFFE}")
        #expect(XHTML.inline(p) == "abc")
        let ch = Chapter(id: "ch0001", number: 1, title: "T\u{FFFF}", paragraphs: [p], source: SourceLocation(file: "x"))
        _ = try XML.parse(Data(XHTML.chapter(ch, language: "en").utf8), file: "ch0001.xhtml")
    }

    @Test func chapterDocumentDeclaresLanguageAndParses() throws {
        let ch = S.novel.chapters[1]
        let doc = XHTML.chapter(ch, language: "es", stylesheet: "../style.css")
        let xml = try XML.parse(Data(doc.utf8), file: "ch0002.xhtml")
        #expect(xml.root.xmlAttribute("lang") == "es")
        #expect(xml.root.attribute("lang") == "es")
        // No title in the source: the localized fallback; in-text heading level 1 renders as h2.
        #expect(doc.contains("<title>Capítulo 2</title>"))
        #expect(doc.contains("<h1>Capítulo 2</h1>"))
        #expect(doc.contains("<h2>Trials</h2>"))
        #expect(doc.contains("<section epub:type=\"chapter\" id=\"ch0002\">"))
    }
}

@Suite struct ReaderGlossaryTests {
    @Test func termsMatchWholeWordsInSpacedScriptsAndAnywhereInCJK() {
        let work = Work(id: "w", kind: .novel, title: "T", language: "en", chapters: [
            Chapter(id: "ch0001", number: 1, title: nil, paragraphs: [
                Paragraph(id: "p1", text: "The Daoist bowed. FOUNDATION ESTABLISHMENT at last."),
                Paragraph(id: "p2", text: "他终于筑基了。"),
            ], source: SourceLocation(file: "1.txt")),
        ])
        let found = GlossaryEntry.occurring([
            GlossaryEntry(term: "Dao", source: "道"),
            GlossaryEntry(term: "Foundation Establishment", source: "筑基"),
            GlossaryEntry(term: "筑基", source: "筑基"),
            GlossaryEntry(term: "Daoist", source: "道士"),
        ], in: work)
        #expect(found.map(\.term) == ["Foundation Establishment", "筑基", "Daoist"])
    }
}
