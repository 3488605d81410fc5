// Parameter stepping: ←/→ on every kind of parameter, at and past its bounds.

import LayerKit
import Scenes
import Testing

private func spec(_ layer: String, _ name: String) throws -> ParamSpec {
    try #require(Catalog.layerType(named: layer)?.schema.param(name))
}

private func step(_ layer: String, _ name: String, _ value: ParamValue, _ direction: Int,
                  component: PairComponent = .both, arguments: Arguments? = nil) throws -> StepOutcome {
    ParamStepper.step(value, of: try spec(layer, name), direction: direction, component: component, arguments: arguments)
}

@Suite struct ParamStepperTests {
    @Test func intsStepByOneAndStopAtTheirBounds() throws {
        #expect(try step("Conv2d", "groups", .int(1), 1) == .value(.int(2)))
        #expect(try step("Conv2d", "groups", .int(2), -1) == .value(.int(1)))
        guard case .stuck(let why) = try step("Conv2d", "groups", .int(1), -1) else {
            Issue.record("groups stepped below 1")
            return
        }
        #expect(why.hasPrefix("groups: 1 is the smallest value"))
        #expect(why.contains("[1, 64]"))
        // A typed value outside the range comes back inside it in one step.
        #expect(try step("Conv2d", "groups", .int(500), -1) == .value(.int(64)))
    }

    @Test func floatsStepOnTheirGridWithoutBinaryNoise() throws {
        #expect(try step("Dropout", "p", .float(0.5), 1) == .value(.float(0.55)))
        var value = ParamValue.float(0.1)
        for _ in 0..<4 {
            guard case .value(let next) = try step("Dropout", "p", value, 1) else { break }
            value = next
        }
        #expect(value == .float(0.3))
        #expect(try step("Dropout", "p", .float(1), 1) != .value(.float(1.05)))
        #expect(try step("Dropout", "p", .float(0.02), -1) == .value(.float(0)))
        // eps = 1e-05 steps onto the 0.001 grid.
        #expect(try step("BatchNorm2d", "eps", .float(1e-5), 1) == .value(.float(0.001)))
        // An int given for a float parameter steps as a float.
        #expect(try step("LeakyReLU", "negative_slope", .int(1), -1) == .value(.float(0.99)))
    }

    @Test func flagsToggleAndChoicesCycle() throws {
        #expect(try step("Conv2d", "bias", .bool(true), 1) == .value(.bool(false)))
        #expect(try step("MaxPool2d", "ceil_mode", .bool(false), -1) == .value(.bool(true)))
        #expect(try step("L1Loss", "reduction", .string("mean"), 1) == .value(.string("sum")))
        #expect(try step("L1Loss", "reduction", .string("sum"), 1) == .value(.string("none")))
        #expect(try step("L1Loss", "reduction", .string("none"), -1) == .value(.string("sum")))
        #expect(try step("L1Loss", "reduce", .none, 1) == .value(.bool(true)))
        #expect(try step("L1Loss", "reduce", .bool(false), 1) == .value(.none))
        #expect(try step("Conv2d", "device", .none, 1) == .value(.string("cpu")))
    }

    @Test func pairsStepBothPartsOrOne() throws {
        let kernel = ParamValue.tuple([.int(3), .int(5)])
        #expect(try step("Conv2d", "kernel_size", kernel, 1) == .value(.tuple([.int(4), .int(6)])))
        #expect(try step("Conv2d", "kernel_size", kernel, 1, component: .first) == .value(.tuple([.int(4), .int(5)])))
        #expect(try step("Conv2d", "kernel_size", kernel, -1, component: .second) == .value(.tuple([.int(3), .int(4)])))
        // A single int stays an int when both parts step, and becomes a pair when one does.
        #expect(try step("Conv2d", "kernel_size", .int(3), 1) == .value(.int(4)))
        #expect(try step("Conv2d", "kernel_size", .int(3), 1, component: .second) == .value(.tuple([.int(3), .int(4)])))
        // A part at its bound blocks the step of both, so the two keep their difference.
        guard case .stuck = try step("Conv2d", "kernel_size", .tuple([.int(1), .int(4)]), -1) else {
            Issue.record("a pair stepped below its bound")
            return
        }
    }

    @Test func poolingStrideStepsFromNoneAsTheKernelSize() throws {
        let arguments = try Catalog.arguments(parsing: "nn.MaxPool2d((3, 2))")
        #expect(try step("MaxPool2d", "stride", .none, 1, arguments: arguments) == .value(.tuple([.int(3), .int(2)])))
        #expect(try step("MaxPool2d", "stride", .int(1), -1) == .value(.none))
        guard case .stuck = try step("MaxPool2d", "stride", .none, -1) else {
            Issue.record("None stepped down")
            return
        }
    }

    @Test func paddingPassesThroughItsStrings() throws {
        #expect(try step("Conv2d", "padding", .int(0), -1) == .value(.string("valid")))
        #expect(try step("Conv2d", "padding", .string("valid"), -1) == .value(.string("same")))
        #expect(try step("Conv2d", "padding", .string("same"), 1) == .value(.string("valid")))
        #expect(try step("Conv2d", "padding", .string("valid"), 1) == .value(.int(0)))
        #expect(try step("Conv2d", "padding", .int(0), 1) == .value(.int(1)))
    }

    @Test func optionalNumbersPassThroughNone() throws {
        #expect(try step("AvgPool2d", "divisor_override", .none, 1) == .value(.int(1)))
        #expect(try step("AvgPool2d", "divisor_override", .int(16), 1) == .value(.none))
        #expect(try step("Softmax", "dim", .none, -1) == .value(.int(-1)))
        #expect(try step("BatchNorm2d", "momentum", .none, 1) == .value(.float(0.1)))
        #expect(try step("BatchNorm2d", "momentum", .float(0), -1) == .value(.none))
    }

    @Test func adaptiveOutputSizeEntriesCanBeNone() throws {
        let size = ParamValue.tuple([.none, .int(7)])
        #expect(try step("AdaptiveMaxPool2d", "output_size", size, 1) == .value(.tuple([.none, .int(8)])))
        #expect(try step("AdaptiveMaxPool2d", "output_size", size, 1, component: .first) == .value(.tuple([.int(1), .int(7)])))
        #expect(try step("AdaptiveMaxPool2d", "output_size", .tuple([.int(1), .int(7)]), -1, component: .first)
                == .value(.tuple([.none, .int(7)])))
    }

    @Test func tensorsAreTypedNotStepped() throws {
        guard case .stuck(let why) = try step("CrossEntropyLoss", "weight", .none, 1) else {
            Issue.record("weight stepped")
            return
        }
        #expect(why.contains("Enter"))
    }

    @Test func everyParameterOfEveryLayerStepsOrSaysWhy() throws {
        for schema in Catalog.schemas {
            let preset = try #require(Preset.seedExamples.first { $0.expression.hasPrefix("nn.\(schema.name)(") })
            let arguments = try Catalog.arguments(parsing: preset.expression)
            for spec in schema.params {
                for direction in [-1, 1] {
                    switch ParamStepper.step(arguments[spec.name], of: spec, direction: direction, arguments: arguments) {
                    case .value(let next):
                        // The stepped value is always one the parameter's kind accepts.
                        #expect(throws: Never.self, "\(schema.name).\(spec.name)") { try spec.validate(next) }
                        #expect(next != arguments[spec.name] || spec.kind == .bool, "\(schema.name).\(spec.name) did not move")
                    case .stuck(let why):
                        #expect(why.hasPrefix(spec.name + ":"), "\(why)")
                    }
                }
            }
        }
    }
}
