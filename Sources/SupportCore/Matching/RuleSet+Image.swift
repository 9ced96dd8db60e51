/// Writing a compiled rule set as bytes and reading it back (see `RuleImage`).
///
/// What the matcher reads is written as laid out, so reading it back is copying: no parsing, no
/// hashing of words, no automaton to build. The vocabulary's lookup view is derived again on
/// reading (one pass over its slots), which keeps the image a fifth smaller.
extension RuleSet {
    /// The rule set as bytes that `init(image:)` reads back into the same rule set.
    public func image() -> [UInt8] {
        var image = ImageWriter()
        image.strings(files)
        image.double(settings.threshold)
        image.double(settings.margin)
        image.double(settings.defaultWeight)
        image.double(settings.fuzzyFactor)
        writeIntents(to: &image)
        image.int(automatonStates)
        image.int(phraseCount)
        vocabulary.write(to: &image)

        let automaton = tables.automaton
        image.scalars(automaton.rootNext)
        image.scalars(automaton.edges.keys)
        image.scalars(automaton.edges.values)
        image.bools(automaton.hasEdges)
        image.scalars(automaton.fail)
        image.scalars(automaton.blockStart)
        image.scalars(automaton.blocks.map(\.terms))
        image.scalars(automaton.blocks.map(\.block))
        image.scalars(automaton.blocks.map(\.firstEntry))
        image.int(automaton.mostBlocks)
        image.scalars(automaton.phraseLengths)
        image.scalars(automaton.severalLengths)
        image.scalars(automaton.anchorStart)
        image.scalars(automaton.anchors)
        image.scalars(tables.requiredTerms.starts)
        image.scalars(tables.requiredTerms.values)
        // Records field by field: their padding bytes would make two images of one rule set differ.
        let patterns = tables.patterns
        for field in [\CompiledPattern.intent, \.trigger, \.firstElement, \.elementCount, \.singleTerm] {
            image.scalars(patterns.map { $0[keyPath: field] })
        }
        image.scalars(patterns.map { $0.weight.bitPattern })
        image.scalars(patterns.map { $0.isNegative ? 1 as UInt8 : 0 })
        let elements = tables.elements
        image.scalars(elements.map(\.kind.rawValue))
        for field in [\CompiledElement.gap, \.term, \.members.lowerBound, \.members.upperBound, \.within] {
            image.scalars(elements.map { $0[keyPath: field] })
        }
        image.scalars(tables.groupTerms)
        image.int(Int(tables.openingTerm))
        image.int(Int(tables.closingTerm))
        image.int(Int(tables.signoffTerm))
        image.int(Int(tables.signerTerm))
        image.int(tables.blockCount)
        return image.bytes
    }

    /// Reads a rule set `image()` wrote; any damage is an error, never a different rule set.
    public convenience init(image bytes: UnsafeRawBufferPointer) throws(RuleImageError) {
        var image = try ImageReader(bytes)
        let files = try image.strings()
        let settings = MatchSettings(threshold: try image.double(), margin: try image.double(),
                                     defaultWeight: try image.double(), fuzzyFactor: try image.double())
        let intents = try Self.readIntents(from: &image, files: files)
        let automatonStates = try image.count(), phraseCount = try image.count()
        let vocabulary = try Vocabulary(from: &image)

        var store = FrozenStore()
        let rootNext = try image.frozen(Int32.self, in: &store)
        let edgeKeys = try image.frozen(UInt64.self, in: &store), edgeValues = try image.frozen(Int32.self, in: &store)
        guard edgeKeys.count == edgeValues.count, edgeKeys.count.nonzeroBitCount == 1 else {
            throw RuleImageError(message: "the automaton's edge table's parts disagree")
        }
        let automaton = RawAutomaton(
            rootNext: rootNext, edges: RawIntTable(keys: edgeKeys, values: edgeValues, mask: edgeKeys.count - 1),
            hasEdges: try image.bools(in: &store), fail: try image.frozen(in: &store), blockStart: try image.frozen(in: &store),
            blocks: try Self.readBlocks(from: &image, in: &store),
            mostBlocks: try image.count(), phraseLengths: try image.frozen(in: &store), severalLengths: try image.frozen(in: &store),
            anchorStart: try image.frozen(in: &store), anchors: try image.frozen(in: &store))
        let requiredTerms = CompactLists(starts: try image.scalars(), values: try image.scalars())
        let patterns = store.freeze(try Self.readPatterns(from: &image))
        let elements = store.freeze(try Self.readElements(from: &image))
        let groupTerms = try image.frozen(Int32.self, in: &store)
        let openingTerm = Int32(truncatingIfNeeded: try image.int()), closingTerm = Int32(truncatingIfNeeded: try image.int())
        let signoffTerm = Int32(truncatingIfNeeded: try image.int()), signerTerm = Int32(truncatingIfNeeded: try image.int())
        let blockCount = try image.count()
        guard image.isAtEnd else { throw RuleImageError(message: "bytes left over after the rule set") }
        guard requiredTerms.count == patterns.count, requiredTerms.starts.first == 0,
              requiredTerms.starts.last.map(Int.init) == requiredTerms.values.count else { throw RuleImageError(message: "the patterns' parts disagree") }

        let tables = Self.layOut(intents: intents, settings: settings, vocabulary: vocabulary, automaton: automaton, requiredTerms: requiredTerms,
                                 patterns: patterns, elements: elements, groupTerms: groupTerms,
                                 openingTerm: openingTerm, closingTerm: closingTerm, signoffTerm: signoffTerm, signerTerm: signerTerm, blockCount: blockCount, in: &store)
        self.init(intents: intents, settings: settings, files: files, vocabulary: vocabulary,
                  automatonStates: automatonStates, phraseCount: phraseCount, tables: tables, store: store)
    }

    // MARK: - Records, a column a field

    private static func readBlocks(from image: inout ImageReader, in store: inout FrozenStore) throws(RuleImageError) -> UnsafeBufferPointer<TermBlock> {
        let terms = try image.scalars(UInt64.self), block = try image.scalars(Int32.self), firstEntry = try image.scalars(Int32.self)
        guard block.count == terms.count, firstEntry.count == terms.count else { throw RuleImageError(message: "the automaton's term blocks disagree") }
        return store.freeze(terms.indices.map { TermBlock(terms: terms[$0], block: block[$0], firstEntry: firstEntry[$0]) })
    }

    private static func readPatterns(from image: inout ImageReader) throws(RuleImageError) -> [CompiledPattern] {
        let intent = try image.scalars(Int32.self), trigger = try image.scalars(Int32.self), firstElement = try image.scalars(Int32.self)
        let elementCount = try image.scalars(Int32.self), singleTerm = try image.scalars(Int32.self)
        let weight = try image.scalars(UInt64.self), isNegative = try image.scalars(UInt8.self)
        guard [trigger, firstElement, elementCount, singleTerm].allSatisfy({ $0.count == intent.count }),
              weight.count == intent.count, isNegative.count == intent.count else { throw RuleImageError(message: "the patterns' fields disagree") }
        return intent.indices.map {
            CompiledPattern(intent: intent[$0], trigger: trigger[$0], weight: Double(bitPattern: weight[$0]), isNegative: isNegative[$0] != 0,
                            firstElement: firstElement[$0], elementCount: elementCount[$0], singleTerm: singleTerm[$0])
        }
    }

    private static func readElements(from image: inout ImageReader) throws(RuleImageError) -> [CompiledElement] {
        let kind = try image.scalars(UInt8.self), gap = try image.scalars(Int32.self), term = try image.scalars(Int32.self)
        let lower = try image.scalars(Int32.self), upper = try image.scalars(Int32.self), within = try image.scalars(Int32.self)
        guard [gap, term, lower, upper, within].allSatisfy({ $0.count == kind.count }) else { throw RuleImageError(message: "the pattern elements' fields disagree") }
        var elements: [CompiledElement] = []
        elements.reserveCapacity(kind.count)
        for i in kind.indices {
            guard let k = CompiledElement.Kind(rawValue: kind[i]), lower[i] <= upper[i] else { throw RuleImageError(message: "a damaged pattern element") }
            elements.append(CompiledElement(kind: k, gap: gap[i], term: term[i], members: lower[i]..<upper[i], within: within[i]))
        }
        return elements
    }

    // MARK: - Intents

    /// Locations name their file by its place in `files`: one string a file, not one a trigger.
    private func writeIntents(to image: inout ImageWriter) {
        var fileIndex: [String: Int] = [:]
        for (i, file) in files.enumerated() { fileIndex[file] = i }
        func location(_ location: SourceLocation) {
            image.int(fileIndex[location.file] ?? -1)
            if fileIndex[location.file] == nil { image.string(location.file) }
            image.int(location.line)
            image.int(location.column)
        }
        image.int(intents.count)
        for intent in intents {
            image.string(intent.name)
            image.string(intent.category.rawValue)
            location(intent.location)
            image.int(intent.priority)
            image.int(intent.triggers.count)
            for trigger in intent.triggers {
                image.string(trigger.source)
                location(trigger.location)
                image.double(trigger.weight)
                image.bool(trigger.isNegative)
            }
            image.int(intent.samples.count)
            for sample in intent.samples {
                image.string(sample.text)
                location(sample.location)
            }
        }
    }

    private static func readIntents(from image: inout ImageReader, files: [String]) throws(RuleImageError) -> [IntentInfo] {
        func location() throws(RuleImageError) -> SourceLocation {
            let index = try image.int()
            let file: String
            if index == -1 {
                file = try image.string()
            } else {
                guard files.indices.contains(index) else { throw RuleImageError(message: "a location in file \(index) of \(files.count)") }
                file = files[index]
            }
            return SourceLocation(file: file, line: try image.int(), column: try image.int())
        }
        var intents: [IntentInfo] = []
        for _ in 0..<(try image.count()) {
            let name = try image.string(), categoryName = try image.string()
            guard let category = Category(rawValue: categoryName) else { throw RuleImageError(message: "unknown category '\(categoryName)'") }
            let place = try location(), priority = try image.int()
            var triggers: [TriggerInfo] = []
            for _ in 0..<(try image.count()) {
                triggers.append(TriggerInfo(source: try image.string(), location: try location(), weight: try image.double(), isNegative: try image.bool()))
            }
            var samples: [Sample] = []
            for _ in 0..<(try image.count()) {
                samples.append(Sample(text: try image.string(), location: try location()))
            }
            intents.append(IntentInfo(name: name, category: category, location: place, priority: priority, triggers: triggers, samples: samples))
        }
        return intents
    }
}
