import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

@Suite struct XLIFFReaderTests {
    @Test func catToolResaveIsReadAndExtensionsIgnored() throws {
        let path = Fixtures.url("fixtures/interchange/resaved-2.1.xlf").path
        let sink = DiagnosticSink()
        let r = try XLIFFReader.read(path: path, sink: sink)
        #expect(sink.diagnostics.isEmpty, "\(sink.diagnostics)")
        let f = try #require(r.document.files.first)
        #expect(f.id == "qingyun-ch0001" && f.metadata == [Metadatum("work", "qingyun"), Metadatum("chapter", "ch0001")])
        #expect(f.units.map(\.id) == ["title", "p2"])
        let p2 = f.units[1]
        #expect(p2.targets[0]?.text == InlineText("She glanced at the URL, turned and left.", spans: [InlineSpan(start: 19, end: 22, style: .link)]))
        #expect(f.units[0].targets[0]?.state == .final)
        #expect(r.lines["qingyun-ch0001"]?["p2"] == 16)
        // Compared with the project: title and p2 present, p1 missing.
        let expected = try SampleWork.document()
        let s = XLIFFImport.check(r, expected: BilingualDocument(sourceLanguage: "zh-Hans", targetLanguage: "en", files: [expected.files[0]]), sink: sink)
        #expect(s.missingUnits == ["qingyun-ch0001/p1"])
        #expect(s.changedUnits.isEmpty && s.extraUnits.isEmpty)
        #expect(sink.diagnostics.map(\.rule) == [XLIFFReader.Rule.unitMissing])
    }

    @Test func brokenCodesAndIDsAreReportedByUnit() throws {
        let path = Fixtures.url("fixtures/interchange/broken-codes-2.1.xlf").path
        let sink = DiagnosticSink()
        _ = try XLIFFReader.read(path: path, sink: sink)
        let found = sink.diagnostics.map { "\($0.location.line ?? 0) \($0.rule) \($0.message)" }
        #expect(found == [
            "4 xliff.code-missing unit 'p1': inline code 1 (bold) is missing from the target; put it back around the matching words",
            "10 xliff.code-extra unit 'p2': target has inline code 7, which the source does not; remove it",
            "16 xliff.code-unbalanced unit 'p3': target opens inline code 1 and never closes it",
            "21 xliff.unit-id duplicate unit id 'p3' in file 'qingyun-ch0001'",
            "24 xliff.unit-id unit without an id in file 'qingyun-ch0001'",
        ])
        #expect(sink.diagnostics.allSatisfy { $0.severity == .error && $0.location.file == path })
    }

    @Test func changedSourceAndExtraUnitsAreReported() throws {
        var doc = try SampleWork.document()
        doc.files[0].units[2].source.text = "她看了一眼，走了。"
        doc.files[0].units[2].source.spans = []
        doc.files[0].units[2].segments = [0..<"她看了一眼，走了。".utf8.count]
        doc.files[0].units.append(BilingualUnit(id: "p99", source: "多出来的。"))
        let r = try XLIFFReader.read(Data(XLIFFWriter.write(doc, version: .v2_1).utf8), file: "x.xlf", sink: DiagnosticSink())
        let sink = DiagnosticSink()
        let s = XLIFFImport.check(r, expected: try SampleWork.document(), requireComplete: true, sink: sink)
        #expect(s.changedUnits == ["qingyun-ch0001/p2"])
        #expect(s.extraUnits == ["qingyun-ch0001/p99"])
        #expect(s.untranslatedUnits.count == 5)
        #expect(sink.diagnostics.filter { $0.rule == XLIFFReader.Rule.sourceChanged }.first?.message
            == "unit 'qingyun-ch0001/p2': source differs from the project (file: “她看了一眼，走了。”; project: “她看了一眼网址，转身离开。”); re-export this unit")
        #expect(sink.diagnostics.filter { $0.rule == XLIFFReader.Rule.untranslated }.allSatisfy { $0.severity == .error })
    }

    @Test func malformedXMLNamesLineAndColumn() {
        let path = Fixtures.url("fixtures/interchange/malformed.xlf").path
        #expect {
            try XLIFFReader.read(path: path, sink: DiagnosticSink())
        } throws: { e in
            guard let e = e as? ChuhaiError else { return false }
            return e.location?.file == path && e.location?.line == 4 && e.location?.column != nil && e.message.hasPrefix("malformed XML")
        }
    }

    @Test func notXLIFFIsAClearError() {
        #expect(throws: ChuhaiError.self) {
            try XLIFFReader.read(Data("<tmx version=\"1.4\"/>".utf8), file: "a.tmx", sink: DiagnosticSink())
        }
        #expect(throws: ChuhaiError.self) {
            try XLIFFReader.read(Data("<xliff version=\"1.1\"/>".utf8), file: "a.xlf", sink: DiagnosticSink())
        }
    }

    @Test func entitiesAreNotExpanded() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="zh" trgLang="en">
              <file id="f"><unit id="u1"><segment><source>甲&xxe;乙</source></segment></unit></file>
            </xliff>
            """
        let r = try XLIFFReader.read(Data(xml.utf8), file: "e.xlf", sink: DiagnosticSink())
        #expect(r.document.files[0].units[0].source.text == "甲乙")
    }
}
