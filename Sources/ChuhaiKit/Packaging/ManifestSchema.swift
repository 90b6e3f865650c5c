import Foundation

/// The JSON Schemas (draft 2020-12) of `manifest.json` and `dist/index.json`, kept in code
/// so `manifest verify` checks what the repository publishes; `schemas/manifest.schema.json`
/// and `schemas/index.schema.json` are these texts (a test fails when they differ and
/// prints the command that rewrites the files).
public enum ManifestSchema {
    public static let text = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "urn:chuhai:schema:manifest:1",
          "title": "chuhai language package manifest",
          "description": "What one dist/<lang>/ package holds: works, every file with size and SHA-256, counts, QA summary, glossaries and untranslated source items. Written by chuhai; checked by `chuhai manifest verify`.",
          "type": "object",
          "additionalProperties": false,
          "required": ["formatVersion", "packageId", "tool", "created", "language", "sourceLanguage", "works", "files", "counts", "qa", "glossaries", "untranslated"],
          "properties": {
            "formatVersion": { "const": 1 },
            "packageId": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
            "tool": {
              "type": "object",
              "additionalProperties": false,
              "required": ["name", "version"],
              "properties": {
                "name": { "const": "chuhai" },
                "version": { "type": "string", "minLength": 1 }
              }
            },
            "created": { "type": "string", "format": "date-time", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" },
            "language": { "$ref": "#/$defs/languageTag" },
            "sourceLanguage": { "$ref": "#/$defs/languageTag" },
            "works": { "type": "array", "items": { "$ref": "#/$defs/work" } },
            "files": { "type": "array", "items": { "$ref": "#/$defs/file" } },
            "counts": { "$ref": "#/$defs/counts" },
            "qa": { "$ref": "#/$defs/qa" },
            "glossaries": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "sha256"],
                "properties": {
                  "id": { "type": "string", "minLength": 1 },
                  "sha256": { "$ref": "#/$defs/sha256" }
                }
              }
            },
            "untranslated": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["work", "item", "number", "source"],
                "properties": {
                  "work": { "type": "string", "minLength": 1 },
                  "item": { "type": "string", "minLength": 1 },
                  "number": { "type": "integer", "minimum": 1 },
                  "source": { "type": "string" }
                }
              }
            }
          },
          "$defs": {
            "languageTag": { "type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$" },
            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
            "relativePath": { "type": "string", "minLength": 1, "pattern": "^[^/\\\\][^\\\\]*$" },
            "count": { "type": "integer", "minimum": 0 },
            "file": {
              "type": "object",
              "additionalProperties": false,
              "required": ["path", "bytes", "mediaType", "sha256"],
              "properties": {
                "path": { "$ref": "#/$defs/relativePath" },
                "bytes": { "$ref": "#/$defs/count" },
                "mediaType": { "type": "string", "pattern": "^[a-z]+/[A-Za-z0-9.+-]+$" },
                "sha256": { "$ref": "#/$defs/sha256" }
              }
            },
            "counts": {
              "type": "object",
              "additionalProperties": false,
              "required": ["chapters", "episodes", "characters", "words", "cues", "runtimeMilliseconds"],
              "properties": {
                "chapters": { "$ref": "#/$defs/count" },
                "episodes": { "$ref": "#/$defs/count" },
                "characters": { "$ref": "#/$defs/count" },
                "words": { "$ref": "#/$defs/count" },
                "cues": { "$ref": "#/$defs/count" },
                "runtimeMilliseconds": { "$ref": "#/$defs/count" }
              }
            },
            "work": {
              "type": "object",
              "additionalProperties": false,
              "required": ["id", "kind", "title", "files", "counts"],
              "properties": {
                "id": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
                "kind": { "enum": ["novel", "drama"] },
                "title": { "type": "string" },
                "files": { "type": "array", "items": { "$ref": "#/$defs/relativePath" } },
                "chapters": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "number", "file", "source", "characters", "words"],
                    "properties": {
                      "id": { "type": "string", "minLength": 1 },
                      "number": { "type": "integer", "minimum": 1 },
                      "title": { "type": "string" },
                      "file": { "$ref": "#/$defs/relativePath" },
                      "source": { "type": "string" },
                      "characters": { "$ref": "#/$defs/count" },
                      "words": { "$ref": "#/$defs/count" }
                    }
                  }
                },
                "episodes": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "number", "files", "source", "cues", "characters", "runtimeMilliseconds"],
                    "properties": {
                      "id": { "type": "string", "minLength": 1 },
                      "number": { "type": "integer", "minimum": 1 },
                      "files": { "type": "array", "items": { "$ref": "#/$defs/relativePath" } },
                      "source": { "type": "string" },
                      "cues": { "$ref": "#/$defs/count" },
                      "characters": { "$ref": "#/$defs/count" },
                      "runtimeMilliseconds": { "$ref": "#/$defs/count" }
                    }
                  }
                },
                "counts": { "$ref": "#/$defs/counts" }
              }
            },
            "qa": {
              "type": "object",
              "additionalProperties": false,
              "required": ["errors", "warnings", "notes", "rules"],
              "properties": {
                "errors": { "$ref": "#/$defs/count" },
                "warnings": { "$ref": "#/$defs/count" },
                "notes": { "$ref": "#/$defs/count" },
                "rules": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rule", "errors", "warnings", "notes"],
                    "properties": {
                      "rule": { "type": "string", "minLength": 1 },
                      "errors": { "$ref": "#/$defs/count" },
                      "warnings": { "$ref": "#/$defs/count" },
                      "notes": { "$ref": "#/$defs/count" }
                    }
                  }
                }
              }
            }
          }
        }

        """#

    /// The JSON Schema of `dist/index.json` (`schemas/index.schema.json`).
    public static let indexText = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "urn:chuhai:schema:index:1",
          "title": "chuhai delivery index",
          "description": "The language packages of one dist/ folder and the size and SHA-256 of each manifest.json.",
          "type": "object",
          "additionalProperties": false,
          "required": ["formatVersion", "project", "tool", "languages"],
          "properties": {
            "formatVersion": { "const": 1 },
            "project": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
            "tool": {
              "type": "object",
              "additionalProperties": false,
              "required": ["name", "version"],
              "properties": {
                "name": { "const": "chuhai" },
                "version": { "type": "string", "minLength": 1 }
              }
            },
            "languages": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["language", "packageId", "manifest", "bytes", "sha256"],
                "properties": {
                  "language": { "type": "string", "pattern": "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$" },
                  "packageId": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$" },
                  "manifest": { "type": "string", "pattern": "^[^/\\\\][^\\\\]*/manifest\\.json$" },
                  "bytes": { "type": "integer", "minimum": 0 },
                  "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" }
                }
              }
            }
          }
        }

        """#

    static func parsed(_ text: String, _ name: String) -> JSONValue {
        // The texts are compile-time constants covered by tests; a parse failure is a programming error.
        guard let v = try? JSONValue.parse(Data(text.utf8), file: name) else { preconditionFailure("\(name) is not valid JSON") }
        return v.value
    }

    static let root = parsed(text, "manifest.schema.json")
    static let indexRoot = parsed(indexText, "index.schema.json")

    /// Checks `document` against the manifest schema: one diagnostic per violation,
    /// rule `manifest.schema`, at the line of the offending value in `file`.
    public static func validate(_ document: JSONValue.Located, file: String) -> [Diagnostic] {
        JSONSchemaSubset(root: root).validate(document, file: file)
    }

    /// Checks `document` against the index schema.
    public static func validateIndex(_ document: JSONValue.Located, file: String) -> [Diagnostic] {
        JSONSchemaSubset(root: indexRoot).validate(document, file: file)
    }
}

/// The part of JSON Schema 2020-12 chuhai's own schemas use: `type`, `const`, `enum`,
/// `properties`, `required`, `additionalProperties: false`, `items`, `minimum`,
/// `minLength`, `pattern` and local `$ref`s into `$defs`. `format` is an annotation
/// in 2020-12 and is not asserted. Enough to check our schema without Python.
public struct JSONSchemaSubset: Sendable {
    public let root: JSONValue

    public init(root: JSONValue) {
        self.root = root
    }

    public func validate(_ document: JSONValue.Located, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        check(document, against: root, pointer: "", file: file, into: &out)
        return out
    }

    private func check(_ node: JSONValue.Located, against schema: JSONValue, pointer: String, file: String, into out: inout [Diagnostic]) {
        func fail(_ message: String) {
            out.append(Diagnostic(.error, rule: "manifest.schema", "\(pointer.isEmpty ? "/" : pointer): \(message)",
                                  at: SourceLocation(file: file, line: node.line)))
        }
        if let ref = schema["$ref"]?.value.stringValue {
            guard ref.hasPrefix("#/$defs/"), let target = root["$defs"]?.value[String(ref.dropFirst(8))] else {
                fail("schema reference \(ref) cannot be resolved")
                return
            }
            check(node, against: target.value, pointer: pointer, file: file, into: &out)
        }
        let value = node.value
        if let c = schema["const"]?.value, c != value {
            fail("must be \(Self.show(c))")
        }
        if let options = schema["enum"]?.value.arrayValue, !options.contains(where: { $0.value == value }) {
            fail("must be one of \(options.map { Self.show($0.value) }.joined(separator: ", "))")
        }
        if let type = schema["type"]?.value.stringValue, !Self.matches(value, type: type) {
            fail("must be \(type == "integer" || type == "array" || type == "object" ? "an" : "a") \(type), not \(Self.show(value))")
            return
        }
        switch value {
        case .string(let s):
            if let min = schema["minLength"]?.value.intValue, s.unicodeScalars.count < min {
                fail("must have at least \(min) character\(min == 1 ? "" : "s")")
            }
            if let pattern = schema["pattern"]?.value.stringValue,
               let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil {
                fail("\(Self.show(value)) does not match \(pattern)")
            }
        case .number(let n, _):
            if let min = schema["minimum"]?.value, case .number(let m, _) = min, let x = Double(n), let y = Double(m), x < y {
                fail("must be at least \(m)")
            }
        case .array(let items):
            if let itemSchema = schema["items"]?.value {
                for (i, item) in items.enumerated() {
                    check(item, against: itemSchema, pointer: "\(pointer)/\(i)", file: file, into: &out)
                }
            }
        case .object(let members):
            let properties = schema["properties"]?.value
            for name in schema["required"]?.value.arrayValue?.compactMap(\.value.stringValue) ?? []
            where !members.contains(where: { $0.key == name }) {
                fail("missing required field '\(name)'")
            }
            var seen: Set<String> = []
            for m in members {
                let path = "\(pointer)/\(m.key)"
                if !seen.insert(m.key).inserted {
                    out.append(Diagnostic(.error, rule: "manifest.schema", "\(path): duplicate field", at: SourceLocation(file: file, line: m.value.line)))
                }
                if let sub = properties?[m.key]?.value {
                    check(m.value, against: sub, pointer: path, file: file, into: &out)
                } else if case .bool(false) = schema["additionalProperties"]?.value {
                    out.append(Diagnostic(.error, rule: "manifest.schema", "\(path): field is not allowed here",
                                          at: SourceLocation(file: file, line: m.value.line)))
                }
            }
        default:
            break
        }
    }

    static func matches(_ v: JSONValue, type: String) -> Bool {
        switch (type, v) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number(let n, let integer)): integer || Double(n).map { $0 == $0.rounded() } == true
        default: false
        }
    }

    static func show(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): String(b)
        case .number(let n, _): n
        case .string(let s): JSONString.quote(s.count > 60 ? String(s.prefix(60)) + "…" : s)
        case .array: "an array"
        case .object: "an object"
        }
    }
}
