import Yams

/// Reads YAML through Yams' node tree so every finding carries the line and
/// column (Unicode scalars, 1-based, as libyaml counts) of the offending node.
/// Shared by the project file, profiles and glossaries.
public struct YAMLReader {
    public let file: String
    public let sink: DiagnosticSink
    /// Rule-id prefix of structural findings (`config`, `glossary`).
    public let rule: String

    public init(file: String, sink: DiagnosticSink, rule: String) {
        self.file = file
        self.sink = sink
        self.rule = rule
    }

    /// Parses a document; nil for an empty one.
    /// - Throws: `ChuhaiError` at the line and column libyaml reports.
    public static func compose(_ text: String, file: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw chuhaiError(error, file: file)
        }
    }

    public static func chuhaiError(_ error: YamlError, file: String) -> ChuhaiError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " \($0.text) (line \($0.mark.line))" } ?? ""
            return ChuhaiError("malformed YAML: \(problem)\(ctx)", at: SourceLocation(file: file, line: mark.line, column: mark.column),
                               hint: "fix the YAML syntax")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // libyaml's mark is the mapping; name the key so the user can find the second one.
            return ChuhaiError("duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in a mapping; the second value would hide the first",
                               at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                               hint: "remove or rename one of them")
        case .reader(let problem, let offset, _, _):
            return ChuhaiError("unreadable YAML: \(problem)", at: SourceLocation(file: file, byteOffset: offset))
        default:
            return ChuhaiError("malformed YAML: \(error)", at: SourceLocation(file: file))
        }
    }

    public func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    public func error(_ node: Node, _ message: String, rule suffix: String = "structure") {
        sink.emit(Diagnostic(.error, rule: "\(rule).\(suffix)", message, at: location(node)))
    }

    public func warning(_ node: Node, _ message: String, rule suffix: String = "structure") {
        sink.emit(Diagnostic(.warning, rule: "\(rule).\(suffix)", message, at: location(node)))
    }

    public func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node {
            return s.tag == Tag(.null) || (s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string.lowercased() == "null"))
        }
        return false
    }

    /// A string scalar, or an error naming what was expected.
    public func string(_ node: Node, what: String) -> String? {
        if case .scalar(let s) = node, !isNull(node) { return s.string }
        error(node, "\(what) must be a string")
        return nil
    }

    public func bool(_ node: Node, what: String) -> Bool? {
        if case .scalar(let s) = node {
            switch s.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        error(node, "\(what) must be true or false")
        return nil
    }

    /// A list of strings; a single string counts as a one-item list.
    public func strings(_ node: Node, what: String) -> [String] {
        switch node {
        case .scalar: return string(node, what: what).map { [$0] } ?? []
        case .sequence(let seq): return seq.compactMap { string($0, what: "each item of \(what)") }
        default:
            error(node, "\(what) must be a list of strings")
            return []
        }
    }

    /// The items of a sequence, or the node itself (a single value where a list is allowed).
    public func items(_ node: Node) -> [Node] {
        if case .sequence(let s) = node { return Array(s) }
        return [node]
    }

    /// Mapping pairs with string keys; duplicate keys are errors, unknown keys warnings that list the known ones.
    public func pairs(_ node: Node, known: Set<String>, what: String) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let m) = node else {
            error(node, "\(what) must be a mapping (`key: value` lines)")
            return []
        }
        var seen: Set<String> = []
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                error(k, "keys in \(what) must be strings")
                continue
            }
            let key = ks.string
            if !seen.insert(key).inserted {
                error(k, "duplicate key '\(key)' in \(what); the second value would hide the first", rule: "duplicate-key")
                continue
            }
            if !known.isEmpty && !known.contains(key) {
                warning(k, "unknown key '\(key)' in \(what) (known: \(known.sorted().joined(separator: ", ")))", rule: "unknown-key")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }
}
