import ChuhaiKit
import ChuhaiTestSupport
import Foundation
import Testing

/// `glossary extract` on the demo novel: what an editor would add next, without the noise.
@Suite struct TermExtractorTests {
    func candidates() throws -> [TermExtractor.Candidate] {
        let dir = Fixtures.url("fixtures/demo/novel/zh-Hans")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { dir.appendingPathComponent($0).path }
        let texts = try files.map { (file: $0, text: try TextDecoder.read(path: $0).text) }
        let glossary = try GlossaryIO.load(path: Fixtures.url("glossaries/xianxia.yaml").path)
        return TermExtractor.candidates(texts, covered: TermIndex(glossary: glossary), limit: 40)
    }

    @Test func namesSectsAndTitlesComeFirst() throws {
        let found = try candidates().map(\.text)
        let top = Set(found.prefix(15))
        for name in ["林青檀", "司马轩", "仇天", "慕容雪", "解长风", "欧阳震", "血煞宗", "青云宗"] {
            #expect(top.contains(name), "\(name) in \(found.prefix(15))")
        }
        // 《》 titles, even the ones that occur once or twice.
        #expect(found.contains("青云剑诀") && found.contains("太虚剑经"))
    }

    @Test func amountsFragmentsAndCommonWordsStayOut() throws {
        let found = try candidates()
        let texts = found.map(\.text)
        for noise in ["慕容雪站", "比林青檀", "三百", "九层", "三年", "三年后", "三千多名", "笑了笑", "冷的声音"] {
            #expect(!texts.contains(noise), "\(noise)")
        }
        // A dictionary word ranks below a coined name of the same length that occurs about as often:
        // 弟子 (20 times) would outrank 青云 (19) on counts alone.
        let common = try #require(texts.firstIndex(of: "弟子"))
        #expect(common > texts.firstIndex(of: "青云")!)
        let lin = try #require(found.first { $0.text == "林青檀" })
        #expect(lin.count == 75 && lin.example.contains("林青檀") && lin.line > 0)
    }
}
