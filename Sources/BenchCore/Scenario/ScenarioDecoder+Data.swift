import Yams

extension ScenarioDecoder {
    /// `data: [{name, file, mode}]`; files are read through the injected reader, relative to the scenario.
    mutating func feederList(_ node: Node) -> [FeederData] {
        guard let items = list(node, "data") else { return [] }
        var feeders: [FeederData] = []
        for item in items {
            guard let view = mapping(item, "a data feeder", allowed: ["name", "file", "mode"]),
                  let nameNode = require("name", in: view, "a data feeder"),
                  let name = string(nameNode, "feeder name"),
                  let fileNode = require("file", in: view, "data feeder '\(name)'"),
                  let file = string(fileNode, "file of data feeder '\(name)'")
            else { continue }
            guard Template.isIdentifier(name), !name.contains("-") else {
                log.report(nameNode.location, "feeder names must be identifiers, found '\(name)'")
                continue
            }
            if feederColumns[name] != nil || failedFeeders.contains(name) {
                log.report(nameNode.location, "duplicate data feeder '\(name)'")
                continue
            }
            var mode = FeederData.Mode.sequential
            if let modeNode = view["mode"], let text = string(modeNode, "mode") {
                if let parsed = FeederData.Mode(rawValue: text) {
                    mode = parsed
                } else {
                    let names = FeederData.Mode.allCases.map(\.rawValue)
                    log.report(modeNode.location, "unknown feeder mode '\(text)'; use sequential, random or unique\(EditDistance.hint(for: text, among: names))")
                }
            }
            guard let loaded = loadFeederFile(file, at: fileNode, feeder: name) else {
                failedFeeders.insert(name)
                continue
            }
            if loaded.rows.isEmpty { log.report(fileNode.location, "data file '\(file)' has no rows") }
            feederColumns[name] = loaded.columns
            feeders.append(FeederData(name: name, mode: mode, columns: loaded.columns, rows: loaded.rows))
        }
        return feeders
    }

    private mutating func loadFeederFile(_ file: String, at node: Node, feeder: String) -> (columns: [String], rows: [[String]])? {
        let lower = file.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".json") else {
            log.report(node.location, "data file '\(file)' must end in .csv or .json")
            return nil
        }
        let path = file.hasPrefix("/") || directory.isEmpty ? file : directory + "/" + file
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            log.report(node.location, "cannot read data file '\(file)': \(error)")
            return nil
        }
        guard bytes.count <= ScenarioLoader.maxDataFileBytes else {
            log.report(node.location, "data file '\(file)' is larger than \(ScenarioLoader.maxDataFileBytes / 1_048_576) MiB")
            return nil
        }
        do {
            return lower.hasSuffix(".csv") ? try FeederData.parseCSV(bytes) : try FeederData.parseJSON(bytes)
        } catch let error as TextParseError {
            log.report(node.location, "cannot parse data file '\(file)': \(error.message)")
        } catch {
            log.report(node.location, "cannot parse data file '\(file)'")
        }
        return nil
    }
}
