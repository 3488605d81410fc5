// DatasetTests: the built-in data sets — the same seed gives the same examples, shapes and label
// ranges are as documented, every split is class-balanced, no test example is a training example,
// and the classes really differ (the digits' mean images, the points' regions).

import Foundation
import Testing
@testable import LayerKit

@Suite("Built-in data sets")
struct DatasetTests {
    /// Every set, made once with the default seed.
    static let sets: [Dataset] = Datasets.names.compactMap { try? Datasets.make($0) }

    static func set(_ name: String) throws -> Dataset {
        try #require(sets.first { $0.name == name })
    }

    @Test func namesAreTheDocumentedOnes() {
        #expect(Datasets.names == ["digits", "spirals", "circles", "xor", "blobs"])
        #expect(Self.sets.map(\.name) == Datasets.names)
    }

    @Test func anUnknownNameListsTheKnownOnes() {
        do {
            _ = try Datasets.make("mnist")
            Issue.record("mnist made")
        } catch let error as LayerError {
            #expect(error.kind == .valueError && error.subject == "data")
            #expect(error.message == "unknown data set 'mnist'; known: digits, spirals, circles, xor, blobs")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test(arguments: Datasets.names)
    func theSameSeedGivesTheSameExamples(name: String) throws {
        let again = try Datasets.make(name)
        let first = try Self.set(name)
        #expect(again.train.inputs == first.train.inputs && again.train.labels == first.train.labels)
        #expect(again.test.inputs == first.test.inputs && again.test.labels == first.test.labels)
        let other = try Datasets.make(name, seed: 1)
        #expect(other.train.inputs != first.train.inputs)
        #expect(other.test.inputs != first.test.inputs)
        #expect(other.summary == first.summary && other.classCount == first.classCount)
    }

    @Test(arguments: Datasets.names)
    func shapesLabelsAndSummary(name: String) throws {
        let set = try Self.set(name)
        let (trainCount, testCount) = name == "digits" ? (4000, 1000) : (800, 200)
        let itemShape = name == "digits" ? [1, 16, 16] : [2]
        #expect(set.train.inputs.shape == [trainCount] + itemShape)
        #expect(set.test.inputs.shape == [testCount] + itemShape)
        #expect(set.train.labels.shape == [trainCount] && set.test.labels.shape == [testCount])
        #expect(set.train.count == trainCount && set.test.count == testCount)
        #expect(set.classCount == (name == "digits" ? 10 : name == "blobs" ? 3 : 2))
        for labels in [set.train.labels, set.test.labels] {
            #expect(labels.storage.allSatisfy { $0 >= 0 && $0 < Int64(set.classCount) })
        }
        for inputs in [set.train.inputs, set.test.inputs] {
            #expect(inputs.storage.allSatisfy { $0.isFinite })
        }
        #expect(set.summary.hasSuffix("(\(trainCount) train, \(testCount) test)"), "\(set.summary)")
        #expect(!set.summary.contains("\n"))
    }

    @Test(arguments: Datasets.names)
    func everySplitIsClassBalanced(name: String) throws {
        let set = try Self.set(name)
        for split in [set.train, set.test] {
            var counts = [Int](repeating: 0, count: set.classCount)
            for label in split.labels.storage { counts[Int(label)] += 1 }
            #expect(counts.max()! - counts.min()! <= 1, "\(name): \(counts)")
            // Shuffled: the labels are not in runs of one class.
            let changes = zip(split.labels.storage, split.labels.storage.dropFirst()).filter { $0 != $1 }.count
            #expect(changes > split.count / 3, "\(name): \(changes) label changes")
        }
    }

    @Test(arguments: Datasets.names)
    func noTestExampleIsATrainingExample(name: String) throws {
        let set = try Self.set(name)
        func rows(_ t: Tensor) -> [[Float]] {
            let run = t.shape.dropFirst().elementCount
            return (0..<t.shape[0]).map { Array(t.storage[($0 * run)..<(($0 + 1) * run)]) }
        }
        let train = Set(rows(set.train.inputs).map { $0.map(\.bitPattern) })
        let test = rows(set.test.inputs).map { $0.map(\.bitPattern) }
        #expect(Set(test).count == test.count, "\(name): repeated test examples")
        #expect(train.count == set.train.count, "\(name): repeated training examples")
        #expect(test.allSatisfy { !train.contains($0) }, "\(name): a test example is also a training example")
    }

    // MARK: Digits

    @Test func digitPixelsAreInkAndBackgroundWithALittleNoise() throws {
        let images = try Self.set("digits").train.inputs.storage
        let low = images.filter { $0 < 0.5 }.count, high = images.count - low
        // Mostly background, a fair share of ink, and the noise keeps values near [0, 1].
        #expect(Double(high) / Double(images.count) > 0.1 && Double(high) / Double(images.count) < 0.45)
        #expect(images.min()! > -0.3 && images.max()! < 1.3)
        let mean = images.reduce(0, +) / Float(images.count)
        #expect(mean > 0.1 && mean < 0.4)
    }

    @Test func everyDigitsMeanImageDiffersFromTheOthers() throws {
        let set = try Self.set("digits")
        let plane = 256
        var means = [[Float]](repeating: [Float](repeating: 0, count: plane), count: 10)
        var counts = [Int](repeating: 0, count: 10)
        for (n, label) in set.train.labels.storage.enumerated() {
            let digit = Int(label)
            counts[digit] += 1
            for i in 0..<plane { means[digit][i] += set.train.inputs.storage[n * plane + i] }
        }
        for d in 0..<10 { means[d] = means[d].map { $0 / Float(counts[d]) } }
        func distance(_ a: [Float], _ b: [Float]) -> Float {
            zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        }
        for a in 0..<10 {
            for b in (a + 1)..<10 {
                #expect(distance(means[a], means[b]) > 1, "digits \(a) and \(b) look alike on average")
            }
        }
        // The ink is where the strokes are: a 1 is narrow (little ink at the sides), a 0 hollow.
        func ink(_ digit: Int, rows: Range<Int>, columns: Range<Int>) -> Float {
            var total: Float = 0
            for y in rows { for x in columns { total += means[digit][y * 16 + x] } }
            return total / Float(rows.count * columns.count)
        }
        #expect(ink(1, rows: 4..<12, columns: 7..<9) > 2 * ink(1, rows: 4..<12, columns: 2..<5))
        #expect(ink(0, rows: 4..<12, columns: 3..<6) > 2 * ink(0, rows: 7..<9, columns: 7..<9))
        // The test split has the same classes: its mean images sit nearest their own class's.
        var testMeans = [[Float]](repeating: [Float](repeating: 0, count: plane), count: 10)
        for (n, label) in set.test.labels.storage.enumerated() {
            for i in 0..<plane { testMeans[Int(label)][i] += set.test.inputs.storage[n * plane + i] / 100 }
        }
        for d in 0..<10 {
            let nearest = (0..<10).min { distance(testMeans[d], means[$0]) < distance(testMeans[d], means[$1]) }
            #expect(nearest == d)
        }
    }

    @Test func digitsAreQuickToMake() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try Datasets.make("digits", seed: 7) }
        // Well under a second even in a debug build (0.15 s measured).
        #expect(elapsed < .seconds(2), "\(elapsed)")
    }

    // MARK: Points

    @Test func pointsLieInAboutTheSquareOfSideSix() throws {
        for name in ["spirals", "circles", "xor", "blobs"] {
            let set = try Self.set(name)
            let values = set.train.inputs.storage + set.test.inputs.storage
            #expect(values.allSatisfy { abs($0) < 4.5 }, "\(name)")
            let mean = values.reduce(0, +) / Float(values.count)
            #expect(abs(mean) < 0.3, "\(name): mean \(mean)")
            // Spread like TensorFlow Playground's points: a standard deviation from 1 to 2.
            let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
            #expect(deviation > 1 && deviation < 2, "\(name): standard deviation \(deviation)")
        }
    }

    /// The points of a split as (x, y, label).
    static func points(_ data: LabelledData) -> [(x: Float, y: Float, label: Int)] {
        (0..<data.count).map { (data.inputs.storage[2 * $0], data.inputs.storage[2 * $0 + 1], Int(data.labels.storage[$0])) }
    }

    @Test func circlesAreADiscInsideARing() throws {
        for p in Self.points(try Self.set("circles").train) {
            let radius = (p.x * p.x + p.y * p.y).squareRoot()
            if p.label == 0 { #expect(radius < 1.95) } else { #expect(radius > 1.65) }
        }
    }

    @Test func xorIsTheSignOfTheProduct() throws {
        for p in Self.points(try Self.set("xor").train) {
            #expect((p.x * p.y < 0) == (p.label == 1))
            #expect(abs(p.x) >= 0.149 && abs(p.y) >= 0.149 && abs(p.x) <= 3 && abs(p.y) <= 3)
        }
    }

    @Test func blobsClusterAroundTheirCentres() throws {
        let points = Self.points(try Self.set("blobs").train)
        let centres = Datasets.blobCentres.map { (Float($0.x) * Datasets.pointScale, Float($0.y) * Datasets.pointScale) }
        #expect(abs(centres[0].0) < 1e-6 && abs(centres[0].1 - 1.8) < 1e-6)
        var nearestOwn = 0
        for p in points {
            let nearest = (0..<3).min {
                hypot(p.x - centres[$0].0, p.y - centres[$0].1) < hypot(p.x - centres[$1].0, p.y - centres[$1].1)
            }!
            if nearest == p.label { nearestOwn += 1 }
        }
        // σ 0.6 clusters about 3.1 apart: about 99% of points are nearest their own centre.
        #expect(Double(nearestOwn) / Double(points.count) > 0.95)
        #expect(Double(nearestOwn) / Double(points.count) < 1)
    }

    @Test func spiralArmsAreHalfATurnApart() throws {
        // The nearest training point of most test points belongs to the same arm: the arms do not
        // overlap.
        let set = try Self.set("spirals")
        let train = Self.points(set.train), test = Self.points(set.test)
        var agree = 0
        for p in test {
            let nearest = train.min { hypot($0.x - p.x, $0.y - p.y) < hypot($1.x - p.x, $1.y - p.y) }!
            if nearest.label == p.label { agree += 1 }
        }
        #expect(Double(agree) / Double(test.count) > 0.9)
        // Each arm goes all the way round: both arms have points in every quadrant.
        for arm in 0..<2 {
            for (sx, sy) in [(1, 1), (1, -1), (-1, 1), (-1, -1)] as [(Float, Float)] {
                #expect(train.contains { $0.label == arm && $0.x * sx > 0.6 && $0.y * sy > 0.6 }, "arm \(arm)")
            }
        }
    }
}
