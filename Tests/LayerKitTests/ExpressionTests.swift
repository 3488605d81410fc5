// ExpressionTests: the PyTorch-expression parser, its error positions, and printing layers back as
// the shortest expression that rebuilds them.

import Testing
@testable import LayerKit

@Suite struct ExpressionTests {
    @Test func parsesPositionalKeywordAndNestedValues() throws {
        let call = try ConstructorCall(parsing:
            "nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))")
        #expect(call.name == "Conv2d")
        #expect(call.positional == [.int(16), .int(33), .tuple([.int(3), .int(5)])])
        #expect(call.keywords.map(\.name) == ["stride", "padding", "dilation"])
        #expect(call.keywords[2].value == .tuple([.int(3), .int(1)]))
    }

    @Test func acceptsEveryPrefixAndValueForm() throws {
        #expect(try ConstructorCall(parsing: "torch.nn.MaxPool2d(3, stride=2)").name == "MaxPool2d")
        #expect(try ConstructorCall(parsing: "MaxPool2d(3)").name == "MaxPool2d")
        let call = try ConstructorCall(parsing:
            "X(None, True, False, -1.5e-3, +2, 'same', \"tanh\", [1, 2], (7,), (4), float('-inf'), .5,)")
        #expect(call.positional == [.none, .bool(true), .bool(false), .float(-1.5e-3), .int(2),
                                    .string("same"), .string("tanh"), .tuple([.int(1), .int(2)]),
                                    .tuple([.int(7)]), .int(4), .float(-.infinity), .float(0.5)])
        let weighted = try ConstructorCall(parsing:
            "nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1, 2.0], dtype=torch.float32), label_smoothing=0.1)")
        #expect(weighted.keywords[0].value == .tensor([0.5, 1, 2]))
        #expect(try ConstructorCall(parsing: "  nn.ReLU ( )  ").name == "ReLU")
    }

    @Test(arguments: [
        ("nn.Conv2d(1,, 2)", 12, "expected a value but found ','"),
        ("nn.Conv2d(1, 2", 14, "expected ',' or ')' but found end of expression"),
        ("nn.ReLU() x", 10, "unexpected 'x' after the closing ')'"),
        ("nn.ReLU(inplace=Tru)", 16, "unexpected name 'Tru'"),
        ("nn.Conv2d(1, 2, 3$)", 17, "unexpected character '$'"),
        ("nn.Softmax(dim='1)", 15, "unterminated string"),
        ("nn.Linear(in_features=2, 3)", 25, "positional argument follows keyword argument"),
        ("nn.ReLU(1e)", 8, "malformed number"),
        ("3", 0, "expected a layer name"),
        ("nn.MaxPool2d(2, stride=1, stride=2)", 26, "keyword argument repeated: stride"),
        ("nn.MaxPool2d(" + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 301),
         13 + 199, "too many nested parentheses"),
    ])
    func syntaxErrorsPointAtTheCharacter(text: String, offset: Int, message: String) {
        do {
            _ = try ConstructorCall(parsing: text)
            Issue.record("\(text) parsed")
        } catch let error as ExpressionError {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.message.hasPrefix(message), "\(text): \(error)")
            #expect(error.caretDiagram.split(separator: "\n").last?.count == offset + 1)
        } catch {
            Issue.record("\(text): \(error)")
        }
    }

    @Test func unknownLayerSuggestsTheRightSpelling() {
        #expect(throws: ExpressionError.self) { _ = try Catalog.arguments(parsing: "nn.Conv3d(1, 2, 3)") }
        do {
            _ = try Catalog.arguments(parsing: "nn.conv2d(1, 2, 3)")
        } catch let error as ExpressionError {
            #expect(error.message == "unknown layer 'conv2d'; did you mean 'Conv2d'?")
            #expect(error.offset == 3)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func bindingErrorsUsePythonsWording() throws {
        func message(_ text: String) -> String {
            do { _ = try Catalog.arguments(parsing: text); return "no error" } catch { return "\(error)" }
        }
        #expect(message("nn.Linear(2)") ==
            "out_features: Linear.__init__() missing 1 required positional argument: 'out_features' (TypeError)")
        #expect(message("nn.Linear()") ==
            "in_features: Linear.__init__() missing 2 required positional arguments: 'in_features' and 'out_features' (TypeError)")
        #expect(try Catalog.arguments(parsing: "nn.ReLU(1)").bool("inplace"))
        #expect(try !Catalog.arguments(parsing: "nn.Linear(2, 3, bias=0)").bool("bias"))
        #expect(message("nn.MaxPool2d(2, ceil_mode=1)").contains("must be bool, not int"))
        #expect(message("nn.ReLU(True, 3)") ==
            "arguments: ReLU.__init__() takes from 1 to 2 positional arguments but 3 were given (TypeError)")
        #expect(message("nn.ReLU(foo=1)") ==
            "foo: ReLU.__init__() got an unexpected keyword argument 'foo' (TypeError)")
        #expect(message("nn.ReLU(True, inplace=False)") ==
            "inplace: ReLU.__init__() got multiple values for argument 'inplace' (TypeError)")
        #expect(message("nn.Conv2d()") ==
            "in_channels: Conv2d.__init__() missing 3 required positional arguments: 'in_channels', 'out_channels', and 'kernel_size' (TypeError)")
        #expect(message("nn.Linear(2, 3, True, 'cpu', torch.float32, 1)") ==
            "arguments: Linear.__init__() takes from 3 to 6 positional arguments but 7 were given (TypeError)")
        #expect(try Catalog.arguments(parsing: "nn.Linear(2, 3, device=torch.device('cpu'), dtype=torch.float)").expression
            == "nn.Linear(2, 3, device='cpu', dtype=torch.float)")
        #expect(message("nn.Conv2d(1, 2, 3, device='cuda')").hasPrefix("device: device 'cuda' is not available"))
        #expect(message("nn.BatchNorm2d(3, dtype=torch.float64)").hasPrefix("dtype: dtype torch.float64 is not available"))
        #expect(message("nn.Sigmoid(1)") ==
            "arguments: Sigmoid.__init__() takes 1 positional argument but 2 were given (TypeError)")
        #expect(message("nn.MaxPool2d()") ==
            "kernel_size: _MaxPoolNd.__init__() missing 1 required positional argument: 'kernel_size' (TypeError)")
        #expect(message("nn.L1Loss(foo=2)") ==
            "foo: _Loss.__init__() got an unexpected keyword argument 'foo' (TypeError)")
        #expect(message("nn.Softmax(dim=1.5)") ==
            "dim: dim must be an int or None, got <class 'float'> (TypeError)")
        #expect(message("nn.Softmax(True)") ==
            "dim: dim must be an int or None, got <class 'bool'> (TypeError)")
        #expect(message("nn.MaxPool2d('3')") ==
            "kernel_size: kernel_size must be an int or a tuple of 2 ints, got '3' (TypeError)")
    }

    /// Every catalog layer's seed and edge expressions survive parse → print → parse unchanged,
    /// and print as the shortest form (defaults omitted, equal pairs folded).
    @Test(arguments: [
        ("nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))",
         "nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))"),
        ("torch.nn.Conv2d(1, 4, (3, 3), stride=1, padding='same', bias=True, padding_mode='zeros')",
         "nn.Conv2d(1, 4, 3, padding='same')"),
        ("nn.MaxPool2d(3, stride=2)", "nn.MaxPool2d(3, stride=2)"),
        ("nn.MaxPool2d(kernel_size=(3, 2), stride=(2, 1), ceil_mode=True)",
         "nn.MaxPool2d((3, 2), stride=(2, 1), ceil_mode=True)"),
        ("nn.AvgPool2d(3, None, 0, False, True, None)", "nn.AvgPool2d(3)"),
        ("nn.AdaptiveMaxPool2d((None, 7))", "nn.AdaptiveMaxPool2d((None, 7))"),
        ("nn.AdaptiveAvgPool2d(output_size=(5, 5))", "nn.AdaptiveAvgPool2d(5)"),
        ("nn.LeakyReLU(0.1)", "nn.LeakyReLU(negative_slope=0.1)"),
        ("nn.GELU(approximate='tanh')", "nn.GELU(approximate='tanh')"),
        ("nn.Softmax(dim=1)", "nn.Softmax(dim=1)"),
        ("nn.Softmax()", "nn.Softmax()"),
        ("nn.BatchNorm2d(100, momentum=None, affine=False)", "nn.BatchNorm2d(100, momentum=None, affine=False)"),
        ("nn.BatchNorm2d(8, eps=1e-05, momentum=0.1)", "nn.BatchNorm2d(8)"),
        ("nn.Linear(20, 30, bias=False)", "nn.Linear(20, 30, bias=False)"),
        ("nn.Dropout(p=0.2)", "nn.Dropout(p=0.2)"),
        ("nn.Dropout2d(0.5)", "nn.Dropout2d()"),
        ("nn.L1Loss(reduction='sum')", "nn.L1Loss(reduction='sum')"),
        ("nn.MSELoss()", "nn.MSELoss()"),
        ("nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1.0, 2.0]), label_smoothing=0.1)",
         "nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1.0, 2.0]), label_smoothing=0.1)"),
        ("nn.CrossEntropyLoss(ignore_index=-1, reduction='none')",
         "nn.CrossEntropyLoss(ignore_index=-1, reduction='none')"),
    ])
    func roundTripsToTheShortestExpression(source: String, shortest: String) throws {
        let arguments = try Catalog.arguments(parsing: source)
        #expect(arguments.expression == shortest)
        // parse → print → parse is a fixed point, and builds the same layer as the source.
        let again = try Catalog.arguments(parsing: arguments.expression)
        #expect(again.expression == shortest)
        #expect(try Catalog.arguments(parsing: again.expression) == again)
        var rngA = RandomSource(seed: 5)
        var rngB = RandomSource(seed: 5)
        let original = try Catalog.make(arguments, rng: &rngA)
        let rebuilt = try Catalog.make(again, rng: &rngB)
        for key in original.stateKeys {
            #expect(original.state(key) == rebuilt.state(key), "\(key)")
        }
    }

    @Test func everyLayerPrintsItsDefaultsAsTheBareCall() throws {
        #expect(!Catalog.schemas.isEmpty)
        for schema in Catalog.schemas {
            let required = schema.params.filter(\.isRequired).map(\.name)
            // A plausible value for each required parameter.
            let values: [ParamValue] = required.map { name in
                name == "output_size" ? .int(2) : .int(3)
            }
            let arguments = try Arguments(schema: schema, positional: values)
            let expected = "nn.\(schema.name)(" + values.map(\.pythonRepr).joined(separator: ", ") + ")"
            #expect(arguments.expression == expected)
        }
    }

    @Test func intsGivenForFloatsStayInts() throws {
        let arguments = try Catalog.arguments(parsing: "nn.Dropout(1)")
        #expect(arguments["p"] == .int(1))
        #expect(arguments.double("p") == 1)
        #expect(arguments.text("p") == "1")
        #expect(try Catalog.arguments(parsing: "nn.CrossEntropyLoss(label_smoothing=0)").expression == "nn.CrossEntropyLoss()")
        #expect(try Catalog.arguments(parsing: "nn.LeakyReLU(1)").expression == "nn.LeakyReLU(negative_slope=1)")
    }

    @Test func floatsPrintAsPythonDoes() {
        #expect(pythonFloatRepr(1e-5) == "1e-05")
        #expect(pythonFloatRepr(0.1) == "0.1")
        #expect(pythonFloatRepr(2) == "2.0")
        #expect(pythonFloatRepr(9.5e15) == "9500000000000000.0")
        #expect(pythonFloatRepr(1e16) == "1e+16")
        #expect(pythonFloatRepr(-.infinity) == "-inf")
    }
}
