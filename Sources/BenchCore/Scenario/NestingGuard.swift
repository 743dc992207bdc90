import Yams

/// Cheap checks run before and after YAML parsing so hostile input cannot exhaust the stack or memory.
enum NestingGuard {
    struct Problem {
        let line: Int
        let column: Int
        let message: String
    }

    /// Rejects text whose flow nesting (`[`, `{`) or indentation would make the recursive composer go too deep.
    static func check(_ text: String) -> Problem? {
        var line = 1
        var column = 0
        var depth = 0
        var indent = 0
        var atLineStart = true
        var quote: Character? = nil
        var inComment = false
        var escaped = false
        var previous: Character = " "
        var lastWasSpace = true
        for char in text {
            column += 1
            if char == "\n" || char == "\r\n" {
                line += 1
                column = 0
                indent = 0
                atLineStart = true
                lastWasSpace = true
                inComment = false
                continue
            }
            if atLineStart {
                // Block nesting grows with indentation and with compact "- - -" entries.
                if char == " " || char == "-" || char == "\t" || char == "?" || char == ":" {
                    indent += 1
                    if indent > ScenarioLoader.maxIndentColumns {
                        return Problem(line: line, column: column,
                                       message: "nesting too deep (indented more than \(ScenarioLoader.maxIndentColumns) columns)")
                    }
                    continue
                }
                atLineStart = false
            }
            if inComment { continue }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if char == "\\", open == "\"" {
                    escaped = true
                } else if char == open {
                    quote = nil
                }
                continue
            }
            let afterSpace = lastWasSpace
            lastWasSpace = char == " " || char == "\t"
            defer { if !lastWasSpace { previous = char } }
            switch char {
            case "\"", "'":
                // Only a quote that starts a scalar opens a quoted string; in `a'b` it is plain text.
                if depth > 0, "[{,: ".contains(previous) { quote = char }
            case "#": if afterSpace { inComment = true }
            case "[", "{":
                depth += 1
                if depth > ScenarioLoader.maxFlowDepth {
                    return Problem(line: line, column: column,
                                   message: "nesting too deep (more than \(ScenarioLoader.maxFlowDepth) levels of [ or {)")
                }
            case "]", "}": depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    /// The first list or mapping (breadth first, so outer ones first) with more than `ScenarioLimits.maxListEntries`
    /// entries (fewer for stages, flows and workloads: `ScenarioLimits.maxEntries(at:)`), named by its path
    /// (`load.stages has 20000 entries; at most 1000`); nil when there is none
    /// among the first `ScenarioLoader.maxNodes` nodes.
    static func overlongList(_ root: Node) -> Problem? {
        var queue: [(node: Node, path: String)] = [(root, "")]
        var head = 0
        while head < queue.count, head < ScenarioLoader.maxNodes {
            let (node, path) = queue[head]
            head += 1
            let count: Int
            switch node {
            case .scalar: continue
            case .sequence(let sequence): count = sequence.count
            case .mapping(let mapping): count = mapping.count
            }
            let maximum = ScenarioLimits.maxEntries(at: path)
            if count > maximum {
                let location = node.location
                return Problem(line: location.line, column: location.column,
                               message: ScenarioLimits.tooLong(path.isEmpty ? "the scenario" : path, count: count, maximum: maximum))
            }
            guard queue.count < ScenarioLoader.maxNodes else { continue }
            switch node {
            case .scalar: break
            case .sequence(let sequence):
                for (index, item) in sequence.enumerated() { queue.append((item, "\(path)[\(index)]")) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    let name = key.scalarText ?? "?"
                    queue.append((value, path.isEmpty ? name : "\(path).\(name)"))
                }
            }
        }
        return nil
    }

    /// The document's location when it has more nodes than the budget, counting alias copies; nil otherwise.
    static func exceedsNodeBudget(_ root: Node) -> SourceLocation? {
        var stack: [Node] = [root]
        var count = 0
        while let node = stack.popLast() {
            count += 1
            // Reported at the document's start: the node past the budget is an arbitrary one.
            if count > ScenarioLoader.maxNodes { return root.location }
            switch node {
            case .scalar: break
            case .sequence(let sequence): stack.append(contentsOf: sequence)
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append(key)
                    stack.append(value)
                }
            }
        }
        return nil
    }
}
