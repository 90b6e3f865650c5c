internal import CLibXML2
import Foundation

/// An XML element read with libxml2, as a plain Swift tree.
///
/// Untrusted files (TTML from vendors, TBX and XLIFF from CAT tools) are parsed
/// with no network, no DTD loading and no entity substitution, so they cannot
/// read local files or expand entity bombs. Declared entities stay unexpanded
/// (their references are dropped and reported through `XMLDocument.entityReferences`).
public final class XMLElement: @unchecked Sendable {
    /// Local name (without prefix).
    public let name: String
    /// Namespace URI, or nil when the element is in no namespace.
    public let namespace: String?
    public let prefix: String?
    public private(set) var attributes: [XMLAttribute]
    public fileprivate(set) var children: [XMLNode] = []
    /// 1-based source line.
    public let line: Int
    public fileprivate(set) weak var parent: XMLElement?

    init(name: String, namespace: String?, prefix: String?, attributes: [XMLAttribute], line: Int) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.line = line
    }

    /// An attribute by local name; `namespace` nil matches an unprefixed attribute.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// An attribute by local name in any namespace (for vocabularies that moved namespaces).
    public func attribute(anyNamespace name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// `xml:lang`, `xml:id`, `xml:space`.
    public func xmlAttribute(_ name: String) -> String? {
        attribute(name, namespace: XML.xmlNamespace)
    }

    public var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    public func elements(named name: String) -> [XMLElement] { elements.filter { $0.name == name } }

    public func firstElement(named name: String) -> XMLElement? { elements.first { $0.name == name } }

    /// All descendant text, in document order.
    public var textContent: String {
        var s = ""
        for child in children {
            switch child {
            case .text(let t): s += t
            case .element(let e): s += e.textContent
            }
        }
        return s
    }

    /// Depth-first walk over this element and its descendants.
    public func descendants(named name: String) -> [XMLElement] {
        var out: [XMLElement] = []
        var stack = [self]
        while let e = stack.popLast() {
            if e.name == name { out.append(e) }
            stack.append(contentsOf: e.elements.reversed())
        }
        return out
    }
}

public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var namespace: String?
    public var value: String
}

public enum XMLNode: Sendable {
    case element(XMLElement)
    case text(String)
}

/// A parsed document.
public struct XMLDocument: Sendable {
    public var root: XMLElement
    /// Lines where an entity reference was left unexpanded (declared entities are never substituted).
    public var entityReferences: [Int]
}

public enum XML {
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Parses `data`; a malformed document throws with the file, line and column libxml2 reports.
    public static func parse(_ data: Data, file: String) throws -> XMLDocument {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_HUGE.rawValue
            | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        guard let ctxt = xmlNewParserCtxt() else { throw ChuhaiError("libxml2 could not allocate a parser", at: SourceLocation(file: file)) }
        defer { xmlFreeParserCtxt(ctxt) }
        // Keep the first error (the cause), not libxml2's last one (often a consequence).
        let firstError = FirstError()
        ctxt.pointee._private = Unmanaged.passUnretained(firstError).toOpaque()
        ctxt.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let c = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = c.pointee._private else { return }
            let first = Unmanaged<FirstError>.fromOpaque(box).takeUnretainedValue()
            guard first.message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            first.message = error.pointee.message.map { String(cString: $0) }
            first.line = Int(error.pointee.line)
            first.column = Int(error.pointee.int2)
        }
        let doc = data.withUnsafeBytes { buf -> xmlDocPtr? in
            buf.withMemoryRebound(to: CChar.self) { b in
                xmlCtxtReadMemory(ctxt, b.baseAddress, Int32(b.count), file, nil, options)
            }
        }
        let wellFormed = ctxt.pointee.wellFormed != 0
        if doc == nil || !wellFormed {
            if let doc { xmlFreeDoc(doc) }
            if let message = firstError.message {
                throw ChuhaiError("malformed XML: \(message.trimmingCharacters(in: .whitespacesAndNewlines))",
                                  at: SourceLocation(file: file, line: firstError.line > 0 ? firstError.line : nil,
                                                     column: firstError.column > 0 ? firstError.column : nil),
                                  hint: "fix the XML so it is well-formed")
            }
            if let err = xmlCtxtGetLastError(ctxt) {
                let message = err.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
                let line = Int(err.pointee.line)
                let column = Int(err.pointee.int2)
                throw ChuhaiError("malformed XML: \(message)",
                                  at: SourceLocation(file: file, line: line > 0 ? line : nil, column: column > 0 ? column : nil),
                                  hint: "fix the XML so it is well-formed")
            }
            throw ChuhaiError("malformed XML", at: SourceLocation(file: file))
        }
        defer { xmlFreeDoc(doc) }
        guard let rootNode = xmlDocGetRootElement(doc) else {
            throw ChuhaiError("XML document has no root element", at: SourceLocation(file: file))
        }
        try checkDepth(rootNode, file: file)
        var entityLines: [Int] = []
        let root = convert(rootNode, entityLines: &entityLines)
        return XMLDocument(root: root, entityReferences: entityLines)
    }

    /// Parses HTML (tag soup included) with libxml2's HTML parser into the same tree.
    ///
    /// Web-novel sites and exported chapters are rarely well-formed, so this never
    /// fails on markup: unclosed and misnested tags are repaired the way browsers
    /// do, entities are decoded, and element names come back lowercase with no
    /// namespace. The text must already be decoded (`TextDecoder`): the document's
    /// own charset declaration is ignored, and there is no network access.
    ///
    /// - Parameters:
    ///   - text: the decoded document.
    ///   - file: named in errors and kept for locations.
    /// - Throws: `ChuhaiError` only when libxml2 produces no document at all.
    public static func parseHTML(_ text: String, file: String) throws -> XMLDocument {
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue)
        var bytes = Array(text.utf8)
        // An empty buffer makes libxml2 return no document; an empty body is what the text means.
        if bytes.isEmpty { bytes = Array("<html></html>".utf8) }
        let doc = bytes.withUnsafeBufferPointer { buf -> htmlDocPtr? in
            buf.withMemoryRebound(to: CChar.self) { b in
                htmlReadMemory(b.baseAddress, Int32(b.count), file, "UTF-8", options)
            }
        }
        guard let doc else {
            throw ChuhaiError("libxml2 could not parse this HTML", at: SourceLocation(file: file),
                              hint: "check that the file is HTML text")
        }
        defer { xmlFreeDoc(doc) }
        guard let rootNode = xmlDocGetRootElement(doc) else {
            throw ChuhaiError("HTML document has no elements", at: SourceLocation(file: file))
        }
        try checkDepth(rootNode, file: file)
        var entityLines: [Int] = []
        let root = convert(rootNode, entityLines: &entityLines)
        return XMLDocument(root: root, entityReferences: entityLines)
    }

    /// Elements nested deeper than any real document; the tree is converted recursively, so a
    /// hostile file nesting 100,000 `<div>`s must be refused before it exhausts the stack.
    static let maxDepth = 1000

    private static func checkDepth(_ root: xmlNodePtr, file: String) throws {
        var stack: [(xmlNodePtr, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast() {
            if depth > maxDepth {
                throw ChuhaiError("elements nest more than \(maxDepth) deep", at: SourceLocation(file: file, line: Int(xmlGetLineNo(node))),
                                  hint: "the file is damaged or generated wrongly; fix or remove it")
            }
            var child = node.pointee.children
            while let c = child {
                if c.pointee.type == XML_ELEMENT_NODE { stack.append((c, depth + 1)) }
                child = c.pointee.next
            }
        }
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    private static func convert(_ node: xmlNodePtr, entityLines: inout [Int]) -> XMLElement {
        var attrs: [XMLAttribute] = []
        var a = node.pointee.properties
        while let attr = a {
            let name = string(attr.pointee.name) ?? ""
            let ns = attr.pointee.ns.flatMap { string($0.pointee.href) }
            var value = ""
            if let v = xmlNodeGetContent(UnsafeMutableRawPointer(attr).assumingMemoryBound(to: xmlNode.self)) {
                value = String(cString: v)
                xmlFree(v)
            }
            attrs.append(XMLAttribute(name: name, namespace: ns, value: value))
            a = attr.pointee.next
        }
        let element = XMLElement(
            name: string(node.pointee.name) ?? "",
            namespace: node.pointee.ns.flatMap { string($0.pointee.href) },
            prefix: node.pointee.ns.flatMap { string($0.pointee.prefix) },
            attributes: attrs,
            line: Int(xmlGetLineNo(node)))
        var child = node.pointee.children
        var children: [XMLNode] = []
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                let e = convert(c, entityLines: &entityLines)
                e.parent = element
                children.append(.element(e))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content {
                    let text = String(cString: content)
                    if case .text(let previous) = children.last {
                        children[children.count - 1] = .text(previous + text)
                    } else {
                        children.append(.text(text))
                    }
                }
            case XML_ENTITY_REF_NODE:
                entityLines.append(Int(xmlGetLineNo(c)))
            default:
                break
            }
            child = c.pointee.next
        }
        element.children = children
        return element
    }

    /// Escapes text for element content (`&`, `<`, `>`) or, with `attribute`, also quotes.
    public static func escape(_ s: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            default:
                // Control characters other than tab/newline/CR are not allowed in XML 1.0.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

private final class FirstError {
    var message: String?
    var line = 0
    var column = 0
}
