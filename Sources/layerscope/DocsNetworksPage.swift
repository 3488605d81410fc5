// DocsNetworksPage: `networks.md` — an nn.Sequential learning on screen: how to open the network
// view, its keys, and its screens after a few training steps, each under the `layerscope render`
// command that prints it (the same grid the interactive program draws).

import Scenes

enum DocsNetworksPage {
    static let path = "networks.md"

    static let cnn = NetworkSetup.examples[0].setup.expression
    static let mlp = NetworkSetup.examples[1].setup.expression

    static func text() throws -> String {
        var out = DocsMarkdown.marker + "\n\n# Networks that learn\n\n" + DocsReferencePages.navigation
        out += """
            A network is an `nn.Sequential` of the layers LayerScope pictures, trained on a small data \
            set with PyTorch's own arithmetic (`layerscope train` runs the same steps without a screen; \
            [training.md](training.md) compares them with PyTorch). The network view shows it learning: \
            every stage with its output shape, weight norm ‖W‖, gradient norm ‖∇W‖ of the last step and \
            its output for one test example; the loss of every batch and of the test set; the selected \
            stage up close (a convolution's kernels, a linear layer's weights, every output map); and \
            for points in the plane the decision boundary with the test points on it, for other class \
            problems the confusion matrix of the test set.

            Open it with `N` in the program (the bundled digits CNN; `e` goes through the bundled \
            networks), by typing `:nn.Sequential(...)`, or from the shell: \
            `layerscope ui "nn.Sequential(...)" --data spirals --optim "torch.optim.Adam(lr=0.01)"`. \
            The data set, the loss and the optimiser default to what suits the network: `digits` for \
            one that takes (1, 16, 16) images, `spirals` for one that takes 2 features, \
            `\(NetworkSetup.defaultLoss)` and `\(NetworkSetup.defaultOptim)`; batches of \
            \(NetworkSetup.batchSize) in an order drawn from the seed. Training runs on its own thread: \
            keys answer while it runs, the screen is redrawn at most 30 times a second, and pausing \
            stops it. `y` prints the command line of what is on screen, step included; opening it \
            takes the same steps again and shows the same numbers.


            """
        out += "## Keys\n\n"
        out += DocsMarkdown.table(["keys", "does"], KeyMap.networkKeys.map { [DocsMarkdown.code($0.keys), $0.summary] })
        out += "\n## The digits CNN after 50 steps\n\n"
        out += "The strip across the top is the pipeline; under it the curves, the first convolution's "
            + "kernels and maps, and the confusion matrix (row: the true digit, column: the predicted one).\n\n"
        out += try DocsLayerPage.picture(DocsRenderCommand(cnn, ["--train-steps", "50"], medium: .wideASCIIText))
        out += "\n## Spirals: the boundary forms\n\n"
        out += "Two classes of points wound around each other. After 1500 steps of Adam (60 epochs) the network's "
            + "P(class 1) over the plane follows the arms; the digits are the test points' true classes.\n\n"
        out += try DocsLayerPage.picture(DocsRenderCommand(mlp, ["--optim", "torch.optim.Adam(lr=0.01)", "--train-steps", "1500"],
                                                           medium: .wideASCIIText))
        out += "\n## A stage up close, at 80×24\n\n"
        out += "`--stage 4` (`→` in the program) selects the linear layer: its 10×512 weights, one row per digit. "
            + "Enter in the program opens the stage as a layer scene with these weights, its views and its "
            + "drill-down; changing a parameter there starts that stage and the ones after it afresh.\n\n"
        out += try DocsLayerPage.picture(DocsRenderCommand(cnn, ["--train-steps", "50", "--stage", "4"]))
        out += "\n## A learning rate of 10\n\n"
        out += "The steps overshoot: the loss leaps, the ReLUs die (‖∇W‖ of the convolution falls to 0) and the "
            + "accuracy drops to chance. The screen says so; nothing breaks.\n\n"
        out += try DocsLayerPage.picture(DocsRenderCommand(cnn, ["--optim", "torch.optim.SGD(lr=10)", "--train-steps", "60"]))
        return out
    }
}
