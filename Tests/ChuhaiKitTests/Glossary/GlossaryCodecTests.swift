import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct GlossaryCodecTests {
    static var shipped: [String] {
        let dir = Fixtures.url("glossaries").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { GlossaryFormat(path: $0) != nil }.sorted().map { "glossaries/\($0)" }
    }

    func load(_ path: String) throws -> GlossaryIO.Loaded { try GlossaryIO.read(path: Fixtures.url(path).path) }

    @Test func yamlModel() throws {
        let l = try load("fixtures/glossary/small.yaml")
        #expect(l.diagnostics.isEmpty, "\(l.diagnostics)")
        let g = l.glossary
        #expect(g.id == "small" && g.name == "Small test glossary" && g.sourceLanguage == "zh-Hans" && g.domain == "xianxia")
        #expect(g.concepts.map(\.id) == ["realm-zhuji", "body-dantian", "name-lindong"])
        let zhuji = g.concepts[0]
        #expect(zhuji.terms("zh-Hans") == [Term("筑基")])
        #expect(zhuji.terms("en") == [Term("Foundation Establishment", strategy: .translate), Term("Foundation Building", status: .deprecated)])
        #expect(zhuji.terms("es").first?.note == "Proposal: unconfirmed.")
        #expect(zhuji.location?.line == 6)
        #expect(zhuji.terms("en")[1].location?.line == 13)
        let lin = g.concepts[2]
        #expect(lin.terms("zh-Hans") == [Term("林动")])
        #expect(lin.terms("en")[0].scope == .work("wudong"))
        #expect(lin.terms("en")[0].gender == "masculine")
        #expect(lin.terms("en")[1].text == "Lin Dong | the boy; \"quoted\"")
        #expect(g.languages == ["zh-Hans", "en", "es"])
    }

    @Test func yamlStructureErrorsHaveLocations() throws {
        let l = try load("fixtures/glossary/bad.yaml")
        let byRule = Dictionary(grouping: l.diagnostics, by: \.rule)
        let status = try #require(byRule["glossary.invalid-value"]?.first)
        #expect(status.location.line == 8)
        #expect(status.location.column == 52)
        #expect(status.message.contains("favourite"))
        #expect(byRule["glossary.missing-id"]?.first?.location.line == 9)
        #expect(byRule["glossary.unknown-key"]?.first?.location.line == 10)
        #expect(byRule["glossary.unknown-key"]?.first?.location.column == 5)
    }

    @Test func malformedYAMLThrowsWithLineAndColumn() throws {
        #expect {
            _ = try load("fixtures/glossary/broken.yaml")
        } throws: { e in
            guard let e = e as? ChuhaiError else { return false }
            return e.location?.line == 4 && e.location?.column != nil && e.message.contains("YAML")
        }
    }

    @Test func csvWithBOMVariantsAndQuotes() throws {
        let l = try load("fixtures/glossary/spreadsheet.csv")
        #expect(l.diagnostics.isEmpty, "\(l.diagnostics)")
        let g = l.glossary
        #expect(g.sourceLanguage == "zh-Hans")
        #expect(g.concepts.count == 2)
        let c = g.concepts[0]
        #expect(c.id == "realm-zhuji" && c.note == "Second realm, after Qi Condensation.")
        #expect(c.terms("en") == [Term("Foundation Establishment", strategy: .translate), Term("Foundation Building", status: .deprecated),
                                  Term("Base | Building", status: .admitted)])
        #expect(g.concepts[1].terms("en") == [Term("dantian", strategy: .transliterate)])
    }

    @Test func csvErrorsNameRowAndColumn() throws {
        let l = try load("fixtures/glossary/bad.csv")
        let messages = l.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("unknown column 'colour'") })
        let status = try #require(l.diagnostics.first { $0.rule == "glossary.invalid-value" })
        #expect(status.message.contains("row 2, column 'en:status'"))
        #expect(status.location.line == 2 && status.location.column == 31)
    }

    @Test func csvSyntaxErrors() throws {
        #expect(throws: ChuhaiError.self) { try GlossaryCSV.decode("id,zh-Hans\na,\"筑基\n", file: "x.csv", sink: DiagnosticSink()) }
        do {
            _ = try GlossaryCSV.decode("id,zh-Hans\na,筑\"基\n", file: "x.csv", sink: DiagnosticSink())
            Issue.record("stray quote accepted")
        } catch let e as ChuhaiError {
            #expect(e.location?.line == 2 && e.location?.column == 4)
        }
    }

    @Test func tbxV3BothNamespaces() throws {
        let l = try load("fixtures/glossary/v3-ed3.tbx")
        #expect(!l.diagnostics.contains { $0.severity >= .warning }, "\(l.diagnostics)")
        let c = try #require(l.glossary.concepts.first)
        #expect(c.id == "c-zhuji" && c.domain == "xianxia cultivation realm")
        #expect(c.note == "Second realm of cultivation, after Qi Condensation.")
        #expect(c.terms("zh-Hans") == [Term("筑基", partOfSpeech: "noun")])
        #expect(c.terms("en") == [Term("Foundation Establishment", partOfSpeech: "noun"), Term("Foundation Building", status: .deprecated)])
        #expect(l.diagnostics.contains { $0.rule == "glossary.tbx-ignored" && $0.message.contains("context") })
        // ed-2 namespace (what chuhai writes) reads the same.
        let ed2 = String(decoding: try Fixtures.data("fixtures/glossary/v3-ed3.tbx"), as: UTF8.self)
            .replacingOccurrences(of: "ed:3.0", with: "ed-2")
        let l2 = try GlossaryIO.decode(Data(ed2.utf8), file: "x.tbx")
        #expect(l2.glossary == l.glossary)
    }

    @Test func tbxV2Martif() throws {
        let l = try load("fixtures/glossary/weblate-v2.tbx")
        #expect(l.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(l.diagnostics)")
        let g = l.glossary
        #expect(g.concepts.map(\.id) == ["jianghu", "neili"])
        #expect(g.concepts[0].terms("en") == [Term("jianghu"), Term("rivers and lakes", status: .admitted)])
        #expect(g.concepts[0].terms("zh-Hans") == [Term("江湖")])
        #expect(g.concepts[1].terms("en") == [Term("inner force", status: .forbidden)])
    }

    @Test func tbxEntitiesAreNeverExpanded() throws {
        let l = try load("fixtures/glossary/xxe.tbx")
        #expect(l.glossary.concepts.first?.terms("zh-Hans").first?.text == "筑基")
        #expect(l.diagnostics.contains { $0.message.contains("entity") })
    }

    @Test func fixtureRoundTripsThroughEveryFormat() throws {
        let g = try load("fixtures/glossary/small.yaml").glossary
        for format in GlossaryFormat.allCases {
            let text = GlossaryIO.encode(g, as: format)
            let back = try GlossaryIO.decode(Data(text.utf8), file: "x.\(format.rawValue)")
            #expect(back.glossary == g, "\(format)")
            #expect(back.diagnostics.isEmpty, "\(format): \(back.diagnostics)")
            #expect(GlossaryIO.encode(back.glossary, as: format) == text, "\(format) rerun differs")
        }
    }

    @Test(arguments: shipped) func shippedGlossaryRoundTrip(path: String) throws {
        let g = try load(path).glossary
        #expect(g.concepts.count >= 50)
        let tbx = try GlossaryIO.decode(Data(GlossaryIO.encode(g, as: .tbx).utf8), file: "x.tbx").glossary
        expectSame(tbx, g, "TBX")
        let csv = try GlossaryIO.decode(Data(GlossaryIO.encode(tbx, as: .csv).utf8), file: "x.csv").glossary
        expectSame(csv, g, "TBX→CSV")
        let yaml = try GlossaryIO.decode(Data(GlossaryIO.encode(csv, as: .yaml).utf8), file: "x.yaml").glossary
        expectSame(yaml, g, "TBX→CSV→YAML")
    }

    /// Names the first differing concept instead of dumping two whole glossaries.
    func expectSame(_ a: Glossary, _ b: Glossary, _ what: String) {
        #expect(a.id == b.id && a.name == b.name && a.sourceLanguage == b.sourceLanguage && a.domain == b.domain, "\(what): header")
        #expect(a.concepts.count == b.concepts.count, "\(what): concept count")
        if let i = a.concepts.indices.first(where: { $0 < b.concepts.count && a.concepts[$0] != b.concepts[$0] }) {
            Issue.record("\(what): concept \(b.concepts[i].id) differs:\n\(a.concepts[i].terms)\n\(b.concepts[i].terms)")
        }
    }

    @Test func yamlScalarsQuoteWhenNeeded() throws {
        let g = Glossary(id: "q", concepts: [Concept(id: "c", note: "yes", terms: [
            ("zh-Hans", [Term("是")]),
            ("en", [Term("- dash"), Term("a: b", status: .admitted), Term("#tag", status: .admitted), Term("null", status: .admitted),
                    Term(" padded ", status: .admitted), Term("12", status: .admitted), Term("x, y", status: .admitted),
                    Term("line\nbreak", status: .admitted), Term("it's", status: .admitted)]),
        ])])
        let text = GlossaryYAML.encode(g)
        let back = try GlossaryYAML.decode(text, file: "q.yaml", sink: DiagnosticSink())
        #expect(back == g)
        #expect(text.contains("[是]"))
        #expect(text.contains("note: \"yes\""))
        #expect(text.contains("it's"))
    }
}

@Suite struct GlossaryCodecEdgeTests {
    @Test func tbxDCTStyleElements() throws {
        let l = try GlossaryIO.read(path: Fixtures.url("fixtures/glossary/dct.tbx").path)
        let c = try #require(l.glossary.concepts.first)
        #expect(c.domain == "xianxia/body")
        #expect(c.terms("en") == [Term("dantian", partOfSpeech: "noun"), Term("elixir field", status: .deprecated)])
        #expect(!l.diagnostics.contains { $0.severity >= .warning })
    }

    @Test func csvIndonesianColumnAfterTheIDColumn() throws {
        let csv = "id,zh-Hans,id,id:status\r\nrealm-zhuji,筑基,Pembentukan Fondasi,admitted\r\n"
        let g = try GlossaryCSV.decode(csv, file: "x.csv", sink: DiagnosticSink())
        #expect(g.concepts.first?.id == "realm-zhuji")
        #expect(g.concepts.first?.terms("id") == [Term("Pembentukan Fondasi", status: .admitted)])
    }

    @Test func csvFromAUTF16Spreadsheet() throws {
        // Spreadsheets often save "Unicode text" as UTF-16LE with a BOM.
        var data = Data([0xFF, 0xFE])
        for u in "id,zh-Hans,en\r\nbody-dantian,丹田,dantian\r\n".utf16 { data.append(UInt8(u & 0xFF)); data.append(UInt8(u >> 8)) }
        let l = try GlossaryIO.decode(data, file: "x.csv")
        #expect(l.glossary.concepts.first?.terms("en") == [Term("dantian")])
    }

    @Test func formatIsSniffedWithoutAnExtension() throws {
        #expect(try GlossaryIO.decode(Data("<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body/></text></tbx>".utf8), file: "g").format == .tbx)
        #expect(try GlossaryIO.decode(Data("id,zh-Hans\na,筑基\n".utf8), file: "g").format == .csv)
        #expect(try GlossaryIO.decode(Data("source: zh-Hans\nconcepts: []\n".utf8), file: "g").format == .yaml)
    }

    @Test func fmtKeepsTheLeadingCommentBlock() throws {
        let text = "# Editors: keep realms in order.\n# Second line.\nsource: zh-Hans\nconcepts:\n  - id: b\n    terms:\n      zh-Hans: [筑基]\n  - id: a\n    terms:\n      zh-Hans: [丹田]\n"
        let l = try GlossaryIO.decode(Data(text.utf8), file: "g.yaml")
        let out = GlossaryFormatter.format(l)
        #expect(out.hasPrefix("# Editors: keep realms in order.\n# Second line.\nsource: zh-Hans\n"))
        #expect(out.range(of: "id: a")!.lowerBound < out.range(of: "id: b")!.lowerBound)
    }
}

@Suite struct GlossaryCSVExportTests {
    @Test func trailingEmptyColumnsAreIgnoredButDataUnderThemIsReported() throws {
        let sink = DiagnosticSink()
        let g = try GlossaryCSV.decode("id,zh-Hans,en,,\r\na,筑基,Foundation Establishment,,\r\nb,丹田,dantian,,oops\r\n", file: "x.csv", sink: sink)
        #expect(g.concepts.count == 2)
        #expect(sink.diagnostics.count == 1)
        #expect(sink.diagnostics.first?.message.contains("row 3, column 5") == true)
    }
}
