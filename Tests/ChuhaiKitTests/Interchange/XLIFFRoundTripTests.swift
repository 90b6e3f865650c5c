import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

/// A small work with every kind of inline markup the model has.
enum SampleWork {
    static func b(_ s: String) -> Int { s.utf8.count }

    static let work: Work = {
        let p1 = "他终于筑基了。“你来了？”林动问。"
        let p2 = "她看了一眼网址，转身离开。"
        let p3 = "第一行第二行"
        // Italic crosses the sentence boundary of p1's first and second sentences.
        let italic = InlineSpan(start: b("他终于"), end: b("他终于筑基了。“你"), style: .italic)
        let bold = InlineSpan(start: b("他终于筑基了。“你来了？”"), end: b("他终于筑基了。“你来了？”林动"), style: .bold)
        let link = InlineSpan(start: b("她看了一眼"), end: b("她看了一眼网址"), style: .link, value: "https://example.com/a?b=1&c=2")
        let br = InlineSpan(start: b("第一行"), end: b("第一行"), style: .lineBreak)
        let ruby = InlineSpan(start: 0, end: b("第一"), style: .ruby, value: "dì yī")
        return Work(id: "qingyun", kind: .novel, title: "青云问道", language: "zh-Hans", chapters: [
            Chapter(id: "ch0001", number: 1, title: "第一章 山门", paragraphs: [
                Paragraph(id: "p1", text: p1, spans: [italic, bold]),
                Paragraph(id: "p2", text: p2, spans: [link]),
            ], source: SourceLocation(file: "novel/001.txt")),
            Chapter(id: "ch0002", number: 2, title: nil, paragraphs: [
                Paragraph(id: "p1", text: p3, spans: [ruby, br], headingLevel: 2),
            ], source: SourceLocation(file: "novel/002.txt")),
        ])
    }()

    static let terms: (InlineText) -> [TermAnnotation] = { t in
        guard let r = t.text.range(of: "筑基") else { return [] }
        let start = t.text.utf8.distance(from: t.text.utf8.startIndex, to: r.lowerBound)
        return [TermAnnotation(conceptID: "realm-zhuji", range: start..<start + b("筑基"), translation: "Foundation Establishment",
                               note: "Second cultivation realm", origin: "xianxia")]
    }

    static func document() throws -> BilingualDocument {
        BilingualDocument(work: work, targetLanguage: "en", segmenter: try Segmenter(language: "zh-Hans"), terms: terms)
    }

    /// English targets for every segment, with the source's codes where they belong.
    static func fill(_ doc: inout BilingualDocument) {
        let english: [String: [String: [InlineText]]] = [
            "qingyun-ch0001": [
                "title": ["Chapter One: The Mountain Gate"],
                "p1": [InlineText("He finally reached Foundation Establishment.", spans: [InlineSpan(start: 3, end: 44, style: .italic)]),
                       InlineText("“Are you here?”", spans: [InlineSpan(start: 0, end: 5, style: .italic)]),
                       InlineText("Lin Dong asked.", spans: [InlineSpan(start: 0, end: 8, style: .bold)])],
                "p2": [InlineText("She glanced at the URL, turned and left.",
                                  spans: [InlineSpan(start: 19, end: 22, style: .link, value: "https://example.com/a?b=1&c=2")])],
            ],
            "qingyun-ch0002": ["p1": [InlineText("Line oneLine two", spans: [InlineSpan(start: 0, end: 4, style: .ruby, value: "dì yī"),
                                                                            InlineSpan(start: 8, end: 8, style: .lineBreak)])]],
        ]
        for fi in doc.files.indices {
            for ui in doc.files[fi].units.indices {
                let u = doc.files[fi].units[ui]
                let texts = english[doc.files[fi].id]![u.id]!
                #expect(texts.count == u.segments.count, "segments of \(u.id): \(u.segments.count)")
                for (i, t) in texts.enumerated() where i < u.segments.count {
                    doc.files[fi].units[ui].targets[i] = SegmentTarget(t, state: .translated)
                }
            }
        }
    }
}

@Suite struct XLIFFRoundTripTests {
    @Test(arguments: XLIFFVersion.allCases)
    func exportThenReadGivesTheSameUnits(version: XLIFFVersion) throws {
        let doc = try SampleWork.document()
        let xml = XLIFFWriter.write(doc, version: version)
        let sink = DiagnosticSink()
        let back = try XLIFFReader.read(Data(xml.utf8), file: "t.xlf", sink: sink)
        #expect(sink.diagnostics.isEmpty, "\(sink.diagnostics)")
        #expect(back.version == version)
        #expect(back.document.files.map(\.id) == doc.files.map(\.id))
        #expect(back.document.sourceLanguage == "zh-Hans" && back.document.targetLanguage == "en")
        for (f, g) in zip(doc.files, back.document.files) {
            #expect(g.metadata == f.metadata)
            #expect(g.units.map(\.id) == f.units.map(\.id))
            for (u, v) in zip(f.units, g.units) {
                #expect(v.id == u.id)
                #expect(v.source == u.source, "\(u.id): \(v.source) vs \(u.source)")
                #expect(v.segments == u.segments)
                #expect(v.metadata == u.metadata)
                #expect(v.terms == u.terms)
            }
        }
        // p1 has three sentences; the italic span crossing the first boundary becomes sc/ec (bx/ex).
        let p1 = doc.files[0].units[1]
        #expect(p1.segments.count == 3)
        if version == .v2_1 {
            #expect(xml.contains("<sc id=\"1\" type=\"fmt\" subType=\"xlf:i\"/>"))
            #expect(xml.contains("<ec startRef=\"1\"/>"))
            #expect(xml.contains("<mrk id=\"m1\" type=\"term\" ref=\"#gls=g1\">筑基</mrk>"))
            #expect(xml.contains("<gls:translation id=\"t1\" ref=\"#m1\">Foundation Establishment</gls:translation>"))
            #expect(xml.contains("<ph id=\"2\" type=\"fmt\" subType=\"xlf:lb\"/>"))
        } else {
            #expect(xml.contains("<bx id=\"1\" rid=\"1\" ctype=\"italic\"/>"))
            #expect(xml.contains("<x id=\"2\" ctype=\"lb\"/>"))
            #expect(xml.contains("<mrk mtype=\"term\" mid=\"m1\">筑基</mrk>"))
        }
    }

    @Test(arguments: XLIFFVersion.allCases)
    func filledTargetsComeBackIntoTheWork(version: XLIFFVersion) throws {
        var doc = try SampleWork.document()
        SampleWork.fill(&doc)
        let xml = XLIFFWriter.write(doc, version: version)
        let sink = DiagnosticSink()
        let back = try XLIFFReader.read(Data(xml.utf8), file: "t.xlf", sink: sink)
        #expect(sink.diagnostics.isEmpty, "\(sink.diagnostics)")
        let summary = XLIFFImport.check(back, expected: try SampleWork.document(), sink: sink)
        #expect(summary.missingUnits.isEmpty && summary.changedUnits.isEmpty && summary.untranslatedUnits.isEmpty)
        let (work, gaps) = SampleWork.work.translated(by: back.document)
        #expect(gaps.isEmpty)
        #expect(work.language == "en")
        #expect(work.chapters[0].title == "Chapter One: The Mountain Gate")
        let p1 = work.chapters[0].paragraphs[0]
        #expect(p1.text == "He finally reached Foundation Establishment. “Are you here?” Lin Dong asked.")
        #expect(p1.spans.contains(InlineSpan(start: 65, end: 73, style: .bold)))
        let p2 = work.chapters[0].paragraphs[1]
        #expect(p2.spans == [InlineSpan(start: 19, end: 22, style: .link, value: "https://example.com/a?b=1&c=2")])
        let p3 = work.chapters[1].paragraphs[0]
        #expect(p3.text == "Line oneLine two" && p3.headingLevel == 2)
        #expect(p3.spans == [InlineSpan(start: 0, end: 4, style: .ruby, value: "dì yī"), InlineSpan(start: 8, end: 8, style: .lineBreak)])
        // Rewriting what was read gives the same bytes.
        let again = XLIFFWriter.write(back.document, version: version)
        if again != xml {
            for (a, b) in zip(again.split(separator: "\n"), xml.split(separator: "\n")) where a != b { Issue.record("\(a)\n≠\n\(b)") }
        }
    }

    @Test func statesAndMatchScoresSurvive() throws {
        var doc = try SampleWork.document()
        doc.files[0].units[2].targets[0] = SegmentTarget("She looked at the site and left.", state: .translated, origin: .fuzzyMatch, score: 82)
        doc.files[0].units[0].targets[0] = SegmentTarget("Chapter 1", state: .reviewed, origin: .exactMatch, score: 100)
        for version in XLIFFVersion.allCases {
            let xml = XLIFFWriter.write(doc, version: version)
            let back = try XLIFFReader.read(Data(xml.utf8), file: "t.xlf", sink: DiagnosticSink()).document
            let t = try #require(back.files[0].units[2].targets[0])
            #expect(t.origin == .fuzzyMatch && t.score == 82 && t.state == .translated)
            #expect(back.files[0].units[0].targets[0]?.state == .reviewed)
            #expect(back.files[0].units[1].targets.allSatisfy { $0 == nil })
        }
        let xml = XLIFFWriter.write(doc, version: .v2_1)
        #expect(xml.contains("<segment id=\"s1\" state=\"translated\" subState=\"chuhai:fuzzy-match/82\">"))
        let xml12 = XLIFFWriter.write(doc, version: .v1_2)
        #expect(xml12.contains("<target state=\"translated\" state-qualifier=\"fuzzy-match\">"))
    }

    @Test func cuesKeepTheirTimingAndLines() throws {
        let track = Track(file: "ep01.srt", format: .srt, language: "zh-Hans", cues: [
            Cue(id: "1", start: .milliseconds(1000), end: .milliseconds(2500), lines: ["你来了。", CueLine([Span("快走！", style: .italic)])]),
            Cue(id: "2", start: .milliseconds(3000), end: .milliseconds(4000), lines: ["三百两银子。"], speaker: "林动"),
        ])
        let file = BilingualFile(episode: "shanhun-ep01", track: track, segmenter: try Segmenter(language: "zh-Hans"))
        #expect(file.units.map(\.id) == ["c0001", "c0002"])
        #expect(file.units[0].metadata("start-ms") == "1000" && file.units[0].metadata("end-ms") == "2500")
        var doc = BilingualDocument(sourceLanguage: "zh-Hans", targetLanguage: "en", files: [file])
        let xml0 = XLIFFWriter.write(doc, version: .v2_1)
        #expect(xml0.contains("<source><ph id=\"2\" type=\"fmt\" subType=\"xlf:lb\"/><pc id=\"1\" type=\"fmt\" subType=\"xlf:i\">快走！</pc></source>"))
        doc.files[0].units[0].targets = [SegmentTarget("You came."),
                                         SegmentTarget(InlineText("Run!", spans: [InlineSpan(start: 0, end: 0, style: .lineBreak),
                                                                                 InlineSpan(start: 0, end: 4, style: .italic)]))]
        doc.files[0].units[1].targets = [SegmentTarget("Three hundred taels of silver.")]
        let back = try XLIFFReader.read(Data(XLIFFWriter.write(doc, version: .v2_1).utf8), file: "e.xlf", sink: DiagnosticSink())
        let (translated, gaps) = track.translated(by: back.document.files[0], language: "en")
        #expect(gaps.isEmpty)
        #expect(translated.cues[0].lines == ["You came.", CueLine([Span("Run!", style: .italic)])])
        #expect(translated.cues[0].start == .milliseconds(1000) && translated.cues[1].speaker == "林动")
        #expect(translated.cues[1].text == "Three hundred taels of silver.")
    }

    @Test func missingTranslationsAreGaps() throws {
        let (work, gaps) = SampleWork.work.translated(by: try SampleWork.document())
        #expect(gaps.count == 4)
        #expect(work.chapters[0].paragraphs[0].text == SampleWork.work.chapters[0].paragraphs[0].text)
    }

    @Test func existingTranslationAndPrefillAreUsed() throws {
        var existing = SampleWork.work
        existing.chapters[0].paragraphs[1].text = "She glanced at the URL and left."
        existing.chapters[0].paragraphs[1].spans = []
        existing.chapters[0].paragraphs[0].text = ""
        let doc = BilingualDocument(work: SampleWork.work, targetLanguage: "en", segmenter: try Segmenter(language: "zh-Hans"),
                                    existing: existing, targetSegmenter: try Segmenter(language: "en")) { _, unit, seg, source in
            unit == "p1" && seg == 2 ? SegmentTarget(InlineText("Lin Dong asked."), origin: .fuzzyMatch, score: 80) : nil
        }
        let p2 = doc.files[0].units[2]
        #expect(p2.targets[0]?.text.text == "She glanced at the URL and left." && p2.targets[0]?.origin == .existing)
        #expect(doc.files[0].units[1].targets[2]?.score == 80)
        #expect(doc.files[0].units[1].targets[0] == nil)
    }

    @Test func outputIsDeterministic() throws {
        let a = XLIFFWriter.write(try SampleWork.document(), version: .v2_1)
        let b = XLIFFWriter.write(try SampleWork.document(), version: .v2_1)
        #expect(a == b)
    }
}
