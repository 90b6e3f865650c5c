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
    // Constants, so reading them needs no dynamic exclusivity check (TTML reads a few per cue).
    public let attributes: [XMLAttribute]
    public let children: [XMLNode]
    /// 1-based source line.
    public let line: Int

    init(name: String, namespace: String?, prefix: String?, attributes: [XMLAttribute], children: [XMLNode], line: Int) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.children = children
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
    ///
    /// The Swift tree is built straight from libxml2's SAX2 events rather than by copying a
    /// libxml2 tree: libxml2 2.9's tree builder registers every `xml:id` in a hash table whose
    /// key function collides on sequential ids (`c1`…`c100000` in TTML), which cost more than
    /// the rest of the parse.
    public static func parse(_ data: Data, file: String) throws -> XMLDocument {
        let built = try runSAX(data, file: file, handler: nil)
        guard let root = built.root else {
            throw ChuhaiError("XML document has no root element", at: SourceLocation(file: file))
        }
        return XMLDocument(root: root, entityReferences: built.entityLines)
    }

    /// Parses `data` with `parse`'s safety and errors, but hands each element `expanding` asks for
    /// to `body` as one `.element` subtree as soon as its end tag is read, and drops it after.
    ///
    /// For documents that are a long list of small items (a TTML body of 100k `<p>`): memory stays
    /// bounded by the largest item, and each item is read while its bytes are still in cache.
    /// Outside expanded elements `body` gets `.start`/`.end` and no text. Events arrive before the
    /// whole document is checked: when this throws, discard what `body` saw.
    /// - Returns: lines where an entity reference was left unexpanded.
    public static func parse(_ data: Data, file: String, expanding: (XMLStreamTag) -> Bool,
                             _ body: (XMLStreamEvent) -> Void) throws -> [Int] {
        try withoutActuallyEscaping(expanding) { expanding in
            try withoutActuallyEscaping(body) { body in
                try runSAX(data, file: file, handler: SubtreeHandler(expanding: expanding, body: body)).entityLines
            }
        }
    }

    /// One SAX2 parse; the tree builder keeps the whole tree, or with `handler`, only the open subtree.
    private static func runSAX(_ data: Data, file: String, handler: SubtreeHandler?) throws -> TreeBuilder {
        let options = safeOptions
        let built: TreeBuilder? = data.withUnsafeBytes { buf in
            buf.withMemoryRebound(to: CChar.self) { b -> TreeBuilder? in
                guard let ctxt = xmlNewParserCtxt() else { return nil }
                let builder = TreeBuilder(context: ctxt, handler: handler)
                builder.install()
                let doc = xmlCtxtReadMemory(ctxt, b.baseAddress, Int32(b.count), file, nil, options)
                builder.wellFormed = doc != nil && ctxt.pointee.wellFormed != 0 && !builder.tooDeep
                if let doc { xmlFreeDoc(doc) }
                if builder.firstError.message == nil, builder.wellFormed == false, let err = xmlCtxtGetLastError(ctxt) {
                    builder.firstError.message = err.pointee.message.map { String(cString: $0) }
                    builder.firstError.line = Int(err.pointee.line)
                    builder.firstError.column = Int(err.pointee.int2)
                }
                xmlFreeParserCtxt(ctxt)
                return builder
            }
        }
        guard let built else { throw ChuhaiError("libxml2 could not allocate a parser", at: SourceLocation(file: file)) }
        if !built.wellFormed {
            if let message = built.firstError.message {
                throw ChuhaiError("malformed XML: \(message.trimmingCharacters(in: .whitespacesAndNewlines))",
                                  at: SourceLocation(file: file, line: built.firstError.line > 0 ? built.firstError.line : nil,
                                                     column: built.firstError.column > 0 ? built.firstError.column : nil),
                                  hint: "fix the XML so it is well-formed")
            }
            throw ChuhaiError("malformed XML", at: SourceLocation(file: file))
        }
        if handler != nil && !built.sawRoot {
            throw ChuhaiError("XML document has no root element", at: SourceLocation(file: file))
        }
        return built
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
        // XML_PARSE_HUGE: without it libxml2's HTML parser silently drops everything nested past
        // 256 levels; with it, `checkDepth` below refuses such a file with a message instead.
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
    /// libxml2's own limit without XML_PARSE_HUGE; tree walkers recurse, and test threads have small stacks.
    static let maxDepth = 256

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
        var child = node.pointee.children
        var children: [XMLNode] = []
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(.element(convert(c, entityLines: &entityLines)))
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
        return XMLElement(
            name: string(node.pointee.name) ?? "",
            namespace: node.pointee.ns.flatMap { string($0.pointee.href) },
            prefix: node.pointee.ns.flatMap { string($0.pointee.prefix) },
            attributes: attrs,
            children: children,
            line: Int(xmlGetLineNo(node)))
    }

    private static func string(_ p: UnsafePointer<xmlChar>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    /// Escapes text for element content (`&`, `<`, `>`) or, with `attribute`, also quotes.
    public static func escape(_ s: String, attribute: Bool = false) -> String {
        // Most text has nothing to escape: return it as is.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || (attribute && $0 == 0x22) }) { return s }
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

/// Where `XML.parse(_:file:expanding:_:)` sends what it reads.
private struct SubtreeHandler {
    let expanding: (XMLStreamTag) -> Bool
    let body: (XMLStreamEvent) -> Void
}

/// Receives libxml2's SAX2 events for one parse and builds the `XMLElement` tree, or with a
/// `handler`, only the subtrees it expands (the open elements outside them are `outer`).
private final class TreeBuilder {
    let context: xmlParserCtxtPtr
    let handler: SubtreeHandler?
    /// What every SAX event touches, behind a pointer: stored properties of a class are
    /// checked for exclusive access at run time on each use, a measurable cost at several
    /// uses per element of a 100k-paragraph TTML file.
    struct Building {
        /// Open elements: the tag's facts; the element is made at its end, with its children.
        var stack: [(name: String, namespace: String?, prefix: String?, attributes: [XMLAttribute], line: Int)] = []
        /// With a handler: the open elements around the subtree being built (all of them when none is).
        var outer: [XMLStreamTag] = []
        var children: [[XMLNode]] = []
        var text: [UInt8] = []
        /// Names and namespace URIs by libxml2 dictionary pointer: every name libxml2 reports
        /// during one parse is interned in its dictionary, so each distinct one becomes a Swift
        /// `String` once rather than at every element (`http://www.w3.org/XML/1998/namespace`
        /// on each `xml:id` is a heap allocation).
        var names: [UnsafeRawPointer: String] = [:]
    }
    let state: UnsafeMutablePointer<Building>
    var root: XMLElement?
    var entityLines: [Int] = []
    var wellFormed = false
    /// Set when nesting passed `XML.maxDepth` and parsing was stopped.
    var tooDeep = false
    /// With a handler: whether a root element was read.
    var sawRoot = false
    let firstError = FirstError()

    init(context: xmlParserCtxtPtr, handler: SubtreeHandler?) {
        self.context = context
        self.handler = handler
        state = .allocate(capacity: 1)
        state.initialize(to: Building())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    func name(_ p: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(p)
        if let s = state.pointee.names[key] { return s }
        var s = String(cString: p)
        // The very string `xmlAttribute` compares with, so `xml:id` lookups match on identity.
        if s == XML.xmlNamespace { s = XML.xmlNamespace }
        state.pointee.names[key] = s
        return s
    }

    static func from(_ ctx: UnsafeMutableRawPointer?) -> TreeBuilder? {
        guard let ctx else { return nil }
        let c = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let box = c.pointee._private else { return nil }
        let b = Unmanaged<TreeBuilder>.fromOpaque(box).takeUnretainedValue()
        // Entity content that libxml2 parses to check it (never substituted) arrives through
        // a nested context; only the document's own events build the tree.
        return c == b.context ? b : nil
    }

    func install() {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        let sax = context.pointee.sax!
        sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let c = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = c.pointee._private else { return }
            let first = Unmanaged<TreeBuilder>.fromOpaque(box).takeUnretainedValue().firstError
            guard first.message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            first.message = error.pointee.message.map { String(cString: $0) }
            first.line = Int(error.pointee.line)
            first.column = Int(error.pointee.int2)
        }
        sax.pointee.startElementNs = { ctx, localname, prefix, uri, _, _, nbAttributes, _, attributes in
            guard let b = TreeBuilder.from(ctx) else { return }
            let s = b.state
            if s.pointee.stack.count + s.pointee.outer.count >= XML.maxDepth {
                // XML_PARSE_HUGE lifts libxml2's depth limit; ours keeps recursive tree walks safe.
                if !b.tooDeep {
                    b.tooDeep = true
                    b.firstError.message = "elements nest more than \(XML.maxDepth) deep"
                    b.firstError.line = Int(xmlSAX2GetLineNumber(ctx))
                    b.firstError.column = 0
                }
                xmlStopParser(b.context)
                return
            }
            b.flushText()
            var attrs: [XMLAttribute] = []
            attrs.reserveCapacity(Int(nbAttributes))
            if let attributes {
                for i in 0..<Int(nbAttributes) {
                    let base = attributes + i * 5
                    guard let name = base[0], let start = base[3], let end = base[4] else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: start.distance(to: end)), as: UTF8.self)
                    attrs.append(XMLAttribute(name: b.name(name), namespace: base[2].map { b.name($0) }, value: value))
                }
            }
            let name = localname.map { b.name($0) } ?? "", namespace = uri.map { b.name($0) }
            let line = Int(xmlSAX2GetLineNumber(ctx))
            if let h = b.handler, s.pointee.stack.isEmpty {
                b.sawRoot = true
                let tag = XMLStreamTag(name: name, namespace: namespace, attributes: attrs, line: line, depth: s.pointee.outer.count)
                if !h.expanding(tag) {
                    s.pointee.outer.append(tag)
                    h.body(.start(tag))
                    return
                }
            }
            s.pointee.stack.append((name, namespace, prefix.map { b.name($0) }, attrs, line))
            s.pointee.children.append([])
        }
        sax.pointee.endElementNs = { ctx, _, _, _ in
            guard let b = TreeBuilder.from(ctx) else { return }
            if let h = b.handler, b.state.pointee.stack.isEmpty {
                if let tag = b.state.pointee.outer.popLast() { h.body(.end(tag)) }
                return
            }
            guard let tag = b.state.pointee.stack.popLast() else { return }
            b.flushText()
            let e = XMLElement(name: tag.name, namespace: tag.namespace, prefix: tag.prefix, attributes: tag.attributes,
                               children: b.state.pointee.children.removeLast(), line: tag.line)
            if b.state.pointee.children.isEmpty {
                if let h = b.handler { h.body(.element(e)) } else { b.root = e }
            } else {
                b.state.pointee.children[b.state.pointee.children.count - 1].append(.element(e))
            }
        }
        let characters: charactersSAXFunc = { ctx, ch, len in
            guard let b = TreeBuilder.from(ctx), let ch, !b.state.pointee.stack.isEmpty else { return }
            b.state.pointee.text.append(contentsOf: UnsafeBufferPointer(start: ch, count: Int(len)))
        }
        sax.pointee.characters = characters
        sax.pointee.cdataBlock = characters
        sax.pointee.ignorableWhitespace = characters
        sax.pointee.reference = { ctx, _ in
            guard let b = TreeBuilder.from(ctx) else { return }
            b.entityLines.append(Int(xmlSAX2GetLineNumber(ctx)))
        }
    }

    func flushText() {
        let s = state
        guard !s.pointee.text.isEmpty, !s.pointee.children.isEmpty else { return }
        s.pointee.children[s.pointee.children.count - 1].append(.text(String(decoding: s.pointee.text, as: UTF8.self)))
        s.pointee.text.removeAll(keepingCapacity: true)
    }
}

/// One step of a streamed XML document (`XML.stream`, `XML.parse(_:file:expanding:_:)`).
public enum XMLStreamEvent {
    /// An element the caller did not ask to expand: name, namespace, attributes, line.
    case start(XMLStreamTag)
    /// The end of a `.start` element (also sent for empty elements).
    case end(XMLStreamTag)
    /// A whole subtree the caller asked for (`expanding`), as a tree, so per-item code can use
    /// `XMLElement` while memory stays bounded by the largest item, not the file.
    case element(XMLElement)
    /// Text between elements that are not expanded (`XML.stream` only).
    case text(String)
}

/// The opening tag of a streamed element.
public struct XMLStreamTag: Sendable {
    public var name: String
    public var namespace: String?
    public var attributes: [XMLAttribute]
    public var line: Int
    /// Nesting depth (the root is 0).
    public var depth: Int

    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }
}

extension XML {
    /// Reads a document with libxml2's pull reader (`xmlTextReader`), for files too big to hold as a tree.
    ///
    /// Same safety as `parse`: no network, no DTD loading, no entity substitution.
    /// - Parameters:
    ///   - expanding: decides from a start tag whether to deliver the element as one `.element` subtree.
    ///   - body: receives events in document order; throw to stop.
    /// - Throws: `ChuhaiError` with file, line and column when the XML is malformed or unreadable.
    public static func stream(path: String, expanding: (XMLStreamTag) -> Bool, _ body: (XMLStreamEvent) throws -> Void) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ChuhaiError("cannot read file", at: SourceLocation(file: path), hint: "check the path and permissions")
        }
        guard let reader = xmlReaderForFile(path, nil, safeOptions) else {
            throw ChuhaiError("libxml2 could not open the file", at: SourceLocation(file: path))
        }
        try stream(reader, file: path, expanding: expanding, body)
    }

    /// `stream(path:)` over bytes in memory.
    public static func stream(_ data: Data, file: String, expanding: (XMLStreamTag) -> Bool, _ body: (XMLStreamEvent) throws -> Void) throws {
        try data.withUnsafeBytes { buf in
            let reader = buf.withMemoryRebound(to: CChar.self) { b in
                xmlReaderForMemory(b.baseAddress, Int32(b.count), file, nil, safeOptions)
            }
            guard let reader else { throw ChuhaiError("libxml2 could not allocate a reader", at: SourceLocation(file: file)) }
            try stream(reader, file: file, expanding: expanding, body)
        }
    }

    /// Every parse, tree or stream: no network, and never NOENT or DTDLOAD, so untrusted files
    /// neither expand entities nor read other files; errors come back through our handlers.
    static let safeOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_HUGE.rawValue
        | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    private static let xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

    private static func stream(_ reader: xmlTextReaderPtr, file: String, expanding: (XMLStreamTag) -> Bool,
                               _ body: (XMLStreamEvent) throws -> Void) throws {
        defer { xmlFreeTextReader(reader) }
        let firstError = FirstError()
        xmlTextReaderSetStructuredErrorHandler(reader, { userData, error in
            guard let userData, let error else { return }
            let first = Unmanaged<FirstError>.fromOpaque(userData).takeUnretainedValue()
            guard first.message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            first.message = error.pointee.message.map { String(cString: $0) }
            first.line = Int(error.pointee.line)
            first.column = Int(error.pointee.int2)
        }, Unmanaged.passUnretained(firstError).toOpaque())
        func failure() -> ChuhaiError {
            let message = firstError.message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unreadable or malformed XML"
            return ChuhaiError("malformed XML: \(message)",
                               at: SourceLocation(file: file, line: firstError.line > 0 ? firstError.line : nil,
                                                  column: firstError.column > 0 ? firstError.column : nil),
                               hint: "fix the XML so it is well-formed")
        }
        var open: [XMLStreamTag] = []
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            if firstError.message != nil { throw failure() }
            let type = xmlTextReaderNodeType(reader)
            switch type {
            case 1:  // element
                let tag = currentTag(reader)
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                if expanding(tag) {
                    guard let node = xmlTextReaderExpand(reader) else { throw failure() }
                    var entityLines: [Int] = []
                    let element = convert(node, entityLines: &entityLines)
                    try body(.element(element))
                    status = xmlTextReaderNext(reader)
                    continue
                }
                try body(.start(tag))
                if empty { try body(.end(tag)) } else { open.append(tag) }
            case 15:  // end element
                if let tag = open.popLast() { try body(.end(tag)) }
            case 3, 4, 14:  // text, CDATA, significant whitespace
                if let v = xmlTextReaderConstValue(reader) { try body(.text(String(cString: v))) }
            default:
                break
            }
            status = xmlTextReaderRead(reader)
        }
        if status < 0 || firstError.message != nil { throw failure() }
    }

    private static func currentTag(_ reader: xmlTextReaderPtr) -> XMLStreamTag {
        let name = string(xmlTextReaderConstLocalName(reader)) ?? ""
        let ns = string(xmlTextReaderConstNamespaceUri(reader))
        let line = Int(xmlTextReaderGetParserLineNumber(reader))
        let depth = Int(xmlTextReaderDepth(reader))
        var attrs: [XMLAttribute] = []
        if xmlTextReaderHasAttributes(reader) == 1 {
            while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                let ans = string(xmlTextReaderConstNamespaceUri(reader))
                if ans == xmlnsNamespace { continue }
                attrs.append(XMLAttribute(name: string(xmlTextReaderConstLocalName(reader)) ?? "", namespace: ans,
                                          value: string(xmlTextReaderConstValue(reader)) ?? ""))
            }
            xmlTextReaderMoveToElement(reader)
        }
        return XMLStreamTag(name: name, namespace: ns, attributes: attrs, line: line, depth: depth)
    }
}
