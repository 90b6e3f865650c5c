import Foundation
import Testing
@testable import ChuhaiKit

@Suite struct XMLTests {
    @Test func parsesNamespacesAttributesAndLines() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tt xmlns="http://www.w3.org/ns/ttml" xml:lang="zh-Hans">
              <body><p begin="1s">你好<br/>世界</p></body>
            </tt>
            """
        let doc = try XML.parse(Data(xml.utf8), file: "a.ttml")
        #expect(doc.root.name == "tt")
        #expect(doc.root.namespace == "http://www.w3.org/ns/ttml")
        #expect(doc.root.xmlAttribute("lang") == "zh-Hans")
        let p = try #require(doc.root.descendants(named: "p").first)
        #expect(p.line == 3)
        #expect(p.attribute("begin") == "1s")
        #expect(p.textContent == "你好世界")
    }

    @Test func expandingDeliversChosenSubtreesInOrder() throws {
        let xml = """
            <tt xmlns="http://www.w3.org/ns/ttml" xml:lang="zh">
            <head><style a="1"/></head>
            <body><div begin="1s">
            <p>一<span>二</span></p>
            <p>三</p></div></body></tt>
            """
        var events: [String] = []
        let entities = try XML.parse(Data(xml.utf8), file: "a.ttml", expanding: { $0.name == "p" || $0.name == "head" }) { event in
            switch event {
            case .start(let t): events.append("<\(t.name) \(t.depth) \(t.line) \(t.attribute("begin") ?? "")")
            case .end(let t): events.append("</\(t.name)")
            case .element(let e): events.append("\(e.name):\(e.line):\(e.textContent):\(e.elements.map(\.name))")
            case .text(let s): events.append("text \(s)")
            }
        }
        #expect(entities.isEmpty)
        #expect(events == ["<tt 0 1 ", "head:2::[\"style\"]", "<body 1 3 ", "<div 2 3 1s", "p:4:一二:[\"span\"]", "p:5:三:[]", "</div", "</body",
                           "</tt"])
    }

    @Test func expandingKeepsTheDepthLimitAndErrors() {
        let deep = String(repeating: "<d>", count: XML.maxDepth + 1) + String(repeating: "</d>", count: XML.maxDepth + 1)
        #expect(throws: ChuhaiError.self) { try XML.parse(Data(deep.utf8), file: "deep.xml", expanding: { _ in false }) { _ in } }
        #expect {
            try XML.parse(Data("<a>\n<b>\n</a>".utf8), file: "bad.xml", expanding: { $0.name == "b" }) { _ in }
        } throws: { error in
            (error as? ChuhaiError)?.location?.line == 3
        }
    }

    @Test func malformedXMLNamesLineAndColumn() {
        let xml = "<a>\n  <b></a>\n"
        #expect {
            try XML.parse(Data(xml.utf8), file: "bad.xml")
        } throws: { error in
            let e = error as! ChuhaiError
            return e.location?.file == "bad.xml" && e.location?.line == 2 && e.message.contains("malformed XML")
        }
    }

    @Test func externalEntitiesAreNeverExpanded() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lollollol">]>
            <a>x&xxe;y&lol;z</a>
            """
        let doc = try XML.parse(Data(xml.utf8), file: "xxe.xml")
        #expect(doc.root.textContent == "xyz")
        #expect(!doc.root.textContent.contains("root:"))
        #expect(doc.entityReferences == [3, 3])
    }

    @Test func escapesMarkupAndDropsIllegalControls() {
        #expect(XML.escape("a<b>&\"c\"\u{01}") == "a&lt;b&gt;&amp;\"c\"")
        #expect(XML.escape("\"x\"", attribute: true) == "&quot;x&quot;")
    }
}
