extension RequestStep {
    /// True when a check or an extraction of this step reads a response header.
    public var readsResponseHeaders: Bool {
        checks.contains { if case .headerContains = $0.kind { return true } else { return false } }
            || extractions.contains { if case .header = $0.source { return true } else { return false } }
    }
}

extension Flow {
    /// True when any request step of the flow reads a response header (the engine may skip parsing them otherwise).
    public var readsResponseHeaders: Bool {
        program.contains { instruction in
            if case .request(let step, _) = instruction { return step.readsResponseHeaders }
            return false
        }
    }
}
