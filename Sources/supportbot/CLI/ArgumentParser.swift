/// Checks a command line against a `CommandSpec`: `--name value`, `--name=value`, flags,
/// positionals and `--` to end options.
enum ArgumentParser {
    static func parse(_ arguments: [String], for spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !optionsEnded && argument == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && argument.hasPrefix("--") && argument.count > 2 {
                var name = String(argument.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let option = spec.options.first(where: { $0.name == name }) else {
                    let known = spec.options.map { "--" + $0.name }
                    let hint = known.isEmpty ? "'\(spec.name)' takes no options" : "its options are: \(known.joined(separator: ", "))"
                    throw UsageError(message: "unknown option '--\(name)' for '\(spec.name)'; \(hint)", command: spec.name)
                }
                if let valueName = option.valueName {
                    let value: String
                    if let inlineValue {
                        value = inlineValue
                    } else if index < arguments.count {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw UsageError(message: "option '--\(name)' needs a value <\(valueName)>", command: spec.name)
                    }
                    if !option.repeats, parsed.values[name] != nil {
                        throw UsageError(message: "option '--\(name)' was given twice", command: spec.name)
                    }
                    parsed.values[name, default: []].append(value)
                } else {
                    if inlineValue != nil {
                        throw UsageError(message: "option '--\(name)' takes no value", command: spec.name)
                    }
                    parsed.flags.insert(name)
                }
                continue
            }
            if !optionsEnded && argument.hasPrefix("-") && argument.count > 1 {
                throw UsageError(message: "unknown option '\(argument)' for '\(spec.name)'", command: spec.name)
            }
            parsed.positionals.append(argument)
        }
        let required = spec.positionals.filter(\.required).count
        let unlimited = spec.positionals.contains(where: \.repeats)
        if parsed.positionals.count < required {
            let missing = spec.positionals.filter(\.required)[parsed.positionals.count]
            throw UsageError(message: "missing <\(missing.name)>", command: spec.name)
        }
        if !unlimited && parsed.positionals.count > spec.positionals.count {
            let extra = parsed.positionals[spec.positionals.count]
            throw UsageError(message: "unexpected argument '\(extra)'", command: spec.name)
        }
        return parsed
    }
}
