/// curl's attached header form `-H'Name: value'` as two arguments, before the parser sees it: the parser splits
/// an attached value at `=`, so `-H'Cookie: a=b'` would otherwise be an unknown option.
enum JoinedHeaderArguments {
    static func split(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var afterTerminator = false
        for argument in arguments {
            if argument == "--" { afterTerminator = true }
            if !afterTerminator, argument.count > 2, argument.hasPrefix("-H") {
                out.append("-H")
                out.append(String(argument.dropFirst(2)))
            } else {
                out.append(argument)
            }
        }
        return out
    }
}
