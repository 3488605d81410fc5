// WorkbenchScreen: the interactive program's whole screen as a CellGrid — header with the live
// constructor, the layer list grouped as PyTorch's docs are, the parameter editor, the scene, the
// status line, the prompt and the help overlay; zoomed, the scene alone over the status line. It
// draws in WorkbenchLayout's geometry, which also resolves the mouse, so that a click always lands
// on what is drawn there.

import CellRender
import LayerKit

/// A drawn screen: the cells, and where the terminal's cursor goes (only while a prompt is open).
public struct WorkbenchFrame: Sendable, Equatable {
    public var grid: CellGrid
    public var cursorX: Int?
    public var cursorY: Int?
}

/// Draws a workbench.
public enum WorkbenchScreen {
    /// The whole screen for `workbench` at `width` × `height`.
    /// `depth` is the terminal's: below 256 colours the pictures keep their glyph ramps.
    public static func render(_ workbench: Workbench, width: Int, height: Int,
                              color: Bool, ascii: Bool, depth: ColorDepth = .indexed256) -> WorkbenchFrame {
        let options = RenderOptions(theme: workbench.theme, color: color, ascii: ascii, depth: depth)
        let layout = WorkbenchLayout(width: width, height: height, ascii: ascii, zoomed: workbench.zoomed,
                                     band: workbench.lessonBandHeight)
        var canvas = Canvas(width: layout.width, height: layout.height, options: options)
        guard !layout.tooSmall else {
            drawTooSmall(&canvas, layout, language: workbench.language)
            return WorkbenchFrame(grid: canvas.grid)
        }
        if workbench.showsNetwork, let bench = workbench.network {
            drawNetwork(&canvas, workbench, bench, layout)
        } else if !layout.zoomed {
            drawHeader(&canvas, workbench, layout.header)
            drawLessonBand(&canvas, workbench, layout.band)
            if !layout.layers.isEmpty { drawLayers(&canvas, workbench, layout) }
            drawParameters(&canvas, workbench, layout)
        }
        if !workbench.showsNetwork { drawScene(&canvas, workbench, layout) }
        var frame = WorkbenchFrame(grid: canvas.grid)
        drawStatus(&canvas, workbench, layout.status, frame: &frame)
        if workbench.showsHelp { drawHelp(&canvas, workbench, Rect(width: layout.width, height: layout.height)) }
        if let selected = workbench.lessonMenu {
            drawLessonMenu(&canvas, workbench, selected: selected, Rect(width: layout.width, height: layout.height))
        }
        if let line = workbench.shared {
            drawShared(&canvas, line, compact: workbench.draft.compactForm, language: workbench.language, Rect(width: layout.width, height: layout.height))
        }
        canvas.enforceASCII()
        frame.grid = canvas.grid
        return frame
    }

    /// What `workbench`'s screen at `width` × `height` shows under a mouse action, for
    /// `Workbench.handle(_:on:)`.
    public static func target(of mouse: MouseEvent, on workbench: Workbench, width: Int, height: Int,
                              ascii: Bool, color: Bool = false) -> MouseTarget? {
        if workbench.showsNetwork, let bench = workbench.network {
            let layout = WorkbenchLayout(width: width, height: height, ascii: ascii, zoomed: workbench.zoomed,
                                         band: workbench.lessonBandHeight)
            let area = networkArea(layout)
            guard area.contains(mouse.x, mouse.y) else { return nil }
            return .networkStage(NetworkScreen.stage(atX: mouse.x, y: mouse.y, in: area, run: bench.run, view: bench.view))
        }
        return WorkbenchLayout(width: width, height: height, ascii: ascii, zoomed: workbench.zoomed, band: workbench.lessonBandHeight)
            .target(atX: mouse.x, y: mouse.y, in: workbench, color: color)
    }

    // MARK: Parts

    private static func drawTooSmall(_ canvas: inout Canvas, _ layout: WorkbenchLayout, language: Language) {
        let full = canvas.grid.bounds
        guard !full.isEmpty else { return }
        let text = canvas.text(UIText.tooSmall.text(language, "\(layout.width)×\(layout.height)",
                                                    "\(WorkbenchLayout.minimumWidth)×\(WorkbenchLayout.minimumHeight)"))
        let lines = wrap(text, width: full.width)
        let top = Swift.max(0, (full.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < full.height {
            canvas.grid.putCentered(line, in: Rect(x: 0, y: top + i, width: full.width, height: 1),
                                    style: canvas.options.style(.warning))
        }
    }

    /// The network view: a header, the lesson band, the network's picture down to the status line
    /// (zoomed: from the top).
    private static func drawNetwork(_ canvas: inout Canvas, _ wb: Workbench, _ bench: NetworkBench, _ layout: WorkbenchLayout) {
        if !layout.zoomed {
            let row = layout.header
            canvas.grid.fill(row, with: Cell(" ", style: canvas.options.style(.title)))
            let right = canvas.text("N: the layers · ? keys ")
            let x = canvas.put(" LayerScope · network view ", x: row.x, y: row.y, role: .title, clip: row)
            let state = bench.isCatchingUp ? "taking the first \(bench.setup.steps) steps: \(bench.run.step)" : ""
            canvas.line(state, in: Rect(x: x + 1, y: row.y, width: Swift.max(0, row.maxX - x - 1 - TextWidth.of(right)), height: 1),
                        role: .accent)
            canvas.put(right, x: row.maxX - TextWidth.of(right), y: row.y, role: .muted, clip: row)
            drawLessonBand(&canvas, wb, layout.band)
        }
        let area = networkArea(layout)
        var view = bench.view
        view.playing = wb.playing
        canvas.language = wb.language
        NetworkScreen.draw(bench.run, view: view, into: &canvas, area: area)
        canvas.language = .en
    }

    /// Where the network view's picture goes: under the header and the lesson band (zoomed: from
    /// the top), down to the status line.
    private static func networkArea(_ layout: WorkbenchLayout) -> Rect {
        let top = layout.zoomed ? 0 : Swift.max(layout.header.maxY, layout.band.isEmpty ? 0 : layout.band.maxY)
        return Rect(x: 0, y: top, width: layout.width, height: Swift.max(0, layout.status.y - top))
    }

    /// Words of `text` in lines of at most `width` columns (a word longer than a line is cut).
    static func wrap(_ text: String, width: Int) -> [String] { wrapWords(text, width: width) }

    /// The title, the live expression and, where they fit, mode, seed and the help key. The
    /// expression matters most (it is what a user pastes into PyTorch): the rest gives way to it.
    private static func drawHeader(_ canvas: inout Canvas, _ wb: Workbench, _ row: Rect) {
        canvas.grid.fill(row, with: Cell(" ", style: canvas.options.style(.title)))
        let state = wb.draft
        let mark = wb.problem == nil ? "" : "✗ "
        let expression = canvas.text(mark + wb.expression)
        let width = TextWidth.of(expression)
        let title = " LayerScope "
        let titleWidth = TextWidth.of(title)
        func fits(_ right: String) -> Bool { titleWidth + 1 + width + 1 + TextWidth.of(right) <= row.width }
        let help = canvas.text(wb.text(.headerHelp)) + " "
        let modeAndSeed = canvas.text("\(wb.text(state.training ? .headerTrain : .headerEval)) · \(wb.text(.headerSeed)) \(state.seed) · ") + help
        var candidates = [modeAndSeed, help]
        if let lead = wb.lead {
            let room = canvas.text(UIText.headerLeading.text(wb.language, lead.room, String(lead.students))) + " · "
            candidates = [room + modeAndSeed, room + help, room] + candidates
        }
        if let follow = wb.follow {
            let room = canvas.text((follow.following ? UIText.headerFollowing : UIText.headerExploring).text(wb.language, follow.room)) + " · "
            candidates = [room + modeAndSeed, room + help, room] + candidates
        }
        let right = candidates.first(where: fits) ?? ""
        var x = row.x + 1
        // The title goes only when that lets the whole expression show.
        if fits(right) || width + 2 > row.width {
            x = canvas.put(title, x: row.x, y: row.y, role: .title, clip: row) + 1
        }
        let rightWidth = TextWidth.of(right)
        let room = Rect(x: x, y: row.y, width: Swift.max(0, row.maxX - x - rightWidth - 1), height: 1)
        canvas.line(expression, in: room, role: wb.problem == nil ? .accent : .error)
        if !right.isEmpty {
            canvas.put(right, x: row.maxX - rightWidth, y: row.y, role: .muted, clip: row)
        }
    }

    private static func drawLayers(_ canvas: inout Canvas, _ wb: Workbench, _ layout: WorkbenchLayout) {
        let focused = wb.focus == .layers
        Panel(title: wb.text(.paneLayers), footer: focused ? canvas.text(wb.text(.footerChoose)) : nil, focused: focused)
            .draw(into: &canvas.grid, area: layout.layers, options: canvas.options)
        let area = layout.layerRows
        let rows = layout.listRows
        let tags = layout.compactList ? groupTags(width: area.width, ascii: canvas.options.ascii, language: wb.language) : [:]
        let selectedRow = rows.firstIndex(of: .layer(wb.layerIndex)) ?? 0
        let offset = WorkbenchLayout.scrollOffset(selected: selectedRow, count: rows.count, visible: area.height)
        for (i, row) in rows.dropFirst(offset).prefix(area.height).enumerated() {
            let line = Rect(x: area.x, y: area.y + i, width: area.width, height: 1)
            switch row {
            case .group(let group):
                canvas.line(wb.say(group.rawValue), in: line, role: .title)
            case .layer(let index):
                let selected = index == wb.layerIndex
                let marker = selected ? (canvas.options.ascii ? "> " : "▸ ") : "  "
                if selected && focused { canvas.grid.fill(line, with: Cell(" ", style: canvas.options.style(.selection))) }
                canvas.line(marker + Workbench.layers[index].name, in: line,
                            role: selected ? (focused ? .selection : .accent) : .text)
                if let tag = tags[index] {
                    canvas.line(tag, in: line.splitRight(TextWidth.of(tag)).right,
                                role: selected && focused ? .selection : .muted)
                }
            }
        }
        drawScrollMarks(&canvas, layout.layers, offset: offset, visible: area.height, count: rows.count)
    }

    /// The compact list's group tags, by layer: each group's name right-aligned beside its first
    /// layer, its words spread over the group's next rows when one row cannot hold them (cut short
    /// when the rows cannot either). A group whose only layer bears its name (Softmax, Linear) has none.
    static func groupTags(width: Int, ascii: Bool, language: Language = .en) -> [Int: String] {
        var tags: [Int: String] = [:]
        for group in LayerGroup.allCases {
            let members = Workbench.layers.indices.filter { Workbench.layers[$0].group == group }
            guard let first = members.first,
                  members.count > 1 || Workbench.layers[first].name != group.rawValue else { continue }
            // The columns a row leaves right of its marker, its name and a space.
            func room(_ index: Int) -> Int { width - 2 - TextWidth.of(Workbench.layers[index].name) - 1 }
            let name = Workbench.say(group.rawValue, in: language, isError: false)
            var words = name.split(separator: " ").map(String.init)
            var spread: [Int: String] = [:]
            for member in members where !words.isEmpty {
                var line = ""
                while let word = words.first {
                    let longer = line.isEmpty ? word : line + " " + word
                    guard TextWidth.of(longer) <= room(member) else { break }
                    line = longer
                    words.removeFirst()
                }
                guard !line.isEmpty else { break }
                spread[member] = line
            }
            if words.isEmpty {
                tags.merge(spread) { kept, _ in kept }
            } else if room(first) >= 2 {
                tags[first] = TextWidth.truncate(name, to: room(first), ascii: ascii)
            }
        }
        return tags
    }

    private static func drawParameters(_ canvas: inout Canvas, _ wb: Workbench, _ layout: WorkbenchLayout) {
        let focused = wb.focus == .parameters
        let schema = wb.schema
        Panel(title: wb.text(.paneParameters), footer: focused ? canvas.text(wb.text(.footerStep)) : nil, focused: focused)
            .draw(into: &canvas.grid, area: layout.parameters, options: canvas.options)
        let area = layout.parameterRows
        let shown = wb.shownParameters
        let params = shown.map { schema.params[$0] }
        guard !area.isEmpty else { return }
        if params.isEmpty {
            canvas.line(wb.text(.noParameters), in: area, role: .muted)
        }
        let nameWidth = Swift.min(params.map { TextWidth.of($0.name) }.max() ?? 0, Swift.max(6, area.width - 9))
        let selectedRow = shown.firstIndex(of: wb.parameterIndex) ?? 0
        let offset = WorkbenchLayout.scrollOffset(selected: selectedRow, count: params.count, visible: area.height)
        let locked = wb.lessonProgress?.current.locked ?? []
        for (row, spec) in params.enumerated().dropFirst(offset).prefix(area.height) {
            let i = shown[row]
            let y = area.y + row - offset
            let line = Rect(x: area.x, y: y, width: area.width, height: 1)
            let selected = i == wb.parameterIndex
            let value = wb.draft.arguments[spec.name]
            let isDefault = spec.defaultValue.map { $0 == value } ?? false
            if selected && focused { canvas.grid.fill(line, with: Cell(" ", style: canvas.options.style(.selection))) }
            let marker = selected ? (canvas.options.ascii ? ">" : "▸") : " "
            let name = TextWidth.pad(TextWidth.truncate(spec.name, to: nameWidth, ascii: canvas.options.ascii), to: nameWidth)
            var text = value.pythonRepr
            if selected, wb.component != .both, ParamStepper.hasComponents(spec.kind) { text += " [\(wb.component.label)]" }
            let role: ThemeRole = selected && focused ? .selection : (isDefault ? .muted : .text)
            canvas.line(marker + name + " ", in: line,
                        role: selected && focused ? .selection : (locked.contains(spec.name) ? .muted : .text))
            canvas.line(text, in: line, role: role, dx: 1 + nameWidth + 1)
        }
        drawScrollMarks(&canvas, layout.parameters, offset: offset, visible: area.height, count: params.count)
        if let spec = wb.selectedParameter, !layout.parameterDetail.isEmpty {
            let detail = layout.parameterDetail
            var kind = spec.kind.summary
            if let range = spec.range { kind += " " + range.summary }
            kind += ", " + (spec.defaultValue.map { UIText.paramDefault.text(wb.language, $0.pythonRepr) } ?? wb.text(.paramRequired))
            if locked.contains(spec.name) { kind = canvas.text(wb.text(.paramFixed)) + kind }
            canvas.line(kind, in: detail.splitTop(1).top, role: .muted)
            // The meaning wraps onto the rows left; only its last row may be cut.
            let rest = detail.splitTop(1).rest
            var lines = wrapWords(canvas.text(wb.translated(spec.summary)), width: rest.width)
            if lines.count > rest.height, rest.height > 0 {
                let tail = lines[(rest.height - 1)...].joined(separator: " ")
                lines = Array(lines.prefix(rest.height - 1)) + [tail]
            }
            canvas.lines(lines.map { ($0, .muted) }, in: rest)
        }
    }

    /// `▲`/`▼` on a panel's right border when rows are hidden above or below.
    private static func drawScrollMarks(_ canvas: inout Canvas, _ panel: Rect, offset: Int, visible: Int, count: Int) {
        guard panel.height >= 3, panel.width >= 2 else { return }
        if offset > 0 {
            canvas.put(canvas.options.ascii ? "^" : "▲", x: panel.maxX - 1, y: panel.y + 1, role: .muted, clip: panel)
        }
        if offset + visible < count {
            canvas.put(canvas.options.ascii ? "v" : "▼", x: panel.maxX - 1, y: panel.y + visible, role: .muted, clip: panel)
        }
    }

    /// The scene's panel and picture; zoomed, the picture alone with its expression line, as
    /// `layerscope render` draws it.
    private static func drawScene(_ canvas: inout Canvas, _ wb: Workbench, _ layout: WorkbenchLayout) {
        if !layout.zoomed {
            let focused = wb.focus == .scene
            let title: String
            if let scene = wb.scene {
                title = wb.problem == nil ? "\(scene.name) · \(scene.view.name)" : UIText.sceneLastValid.text(wb.language, scene.expression)
            } else {
                title = wb.text(.sceneNone)
            }
            Panel(title: canvas.text(title), footer: focused ? canvas.text(wb.text(.footerScene)) : nil,
                  focused: focused)
                .draw(into: &canvas.grid, area: layout.scene, options: canvas.options)
        }
        let inner = layout.picture
        guard !inner.isEmpty else { return }
        if let scene = wb.scene {
            let picture = scene.render(width: inner.width, height: inner.height, options: canvas.options,
                                       expressionLine: WorkbenchLayout.showsExpressionLine(wb), language: wb.language)
            canvas.grid.blit(picture, x: inner.x, y: inner.y)
        } else if let problem = wb.problem {
            let lines = wrap(problem, width: inner.width)
            canvas.lines(lines.map { ($0, .error) }, in: inner)
        }
    }

    private static func drawStatus(_ canvas: inout Canvas, _ wb: Workbench, _ row: Rect, frame: inout WorkbenchFrame) {
        guard !row.isEmpty else { return }
        if let prompt = wb.prompt {
            let label = canvas.text(prompt.label)
            let labelWidth = TextWidth.of(label)
            canvas.put(label, x: row.x, y: row.y, role: .accent, clip: row)
            var rest = row.inset(left: labelWidth)
            if let notice = prompt.editor.notice {
                // On the right, leaving the field at least a few columns.
                let shown = TextWidth.truncate(canvas.text(notice), to: rest.width - 12, ascii: canvas.options.ascii)
                let (field, right) = rest.splitRight(TextWidth.of(shown))
                canvas.grid.put(shown, x: right.x, y: right.y, style: canvas.options.style(.error), clip: right)
                rest = field.inset(right: 1)
            }
            let field = rest.inset(right: 1)
            frame.cursorX = drawField(&canvas, prompt.editor, in: field)
            frame.cursorY = row.y
            return
        }
        var hints: String
        if wb.showsNetwork {
            hints = wb.text(.hintsNetwork)
        } else {
            switch wb.focus {
        case .layers: hints = wb.text(.hintsLayers)
        case .parameters: hints = wb.text(.hintsParameters)
        case .scene: hints = wb.text(.hintsScene)
        }
        }
        if wb.zoomed { hints = UIText.hintsZoom.text(wb.language, hints) }
        // The shapes on the right, when they leave the message or the hints enough room.
        var left = row
        if let scene = wb.scene, wb.problem == nil, !wb.isComputing, !wb.showsNetwork {
            let shapes = canvas.text(" " + Scene.shapeText(scene.input.shape) + " → " + Scene.shapeText(scene.result.output.shape))
            let width = TextWidth.of(shapes)
            if row.width - width >= 40 {
                let (rest, right) = row.splitRight(width)
                canvas.put(shapes, x: right.x, y: right.y, role: .text, clip: right)
                left = rest.inset(right: 1)
            }
        }
        if wb.isComputing {
            let text = wb.text(wb.cancelRequested ? .msgCancelling : .msgComputing)
            canvas.line(canvas.text(text), in: row, role: .accent)
        } else if let problem = wb.problem, !wb.showsNetwork {
            canvas.line(canvas.text(wb.say(problem, isError: true)), in: row, role: .error)
        } else if let message = wb.message {
            canvas.line(canvas.text(message.text(in: wb.language)), in: left, role: message.isError ? .error : .text)
        } else {
            canvas.line(hints, in: left, role: .muted)
        }
    }

    /// Draws the part of the line around the cursor that fits in `field`, and returns the cursor's
    /// column. Only the characters shown are looked at, however long the line is.
    private static func drawField(_ canvas: inout Canvas, _ editor: LineEditor, in field: Rect) -> Int {
        let characters = editor.characters
        // Each character as drawn: its ASCII spelling under --ascii, and the columns it takes.
        func shown(_ c: Character) -> (text: String, width: Int) {
            let text = canvas.text(String(c))
            return (text, TextWidth.of(text))
        }
        // Scroll so that the text before the cursor leaves the cursor a column inside the field.
        var start = editor.cursor
        var before = 0
        while start > 0 {
            let width = shown(characters[start - 1]).width
            if before + width >= field.width { break }
            before += width
            start -= 1
        }
        var visible = ""
        var used = 0
        var index = start
        while index < characters.count, used < field.width {
            let (text, width) = shown(characters[index])
            visible += text
            used += width
            index += 1
        }
        canvas.grid.put(visible, x: field.x, y: field.y, style: canvas.options.style(.text), clip: field)
        return field.x + before
    }

    /// The command line that reproduces the screen, wrapped in a box (to copy by hand where the
    /// terminal does not take it to the clipboard).
    /// A running lesson's band: its title, the step and the keys; the caption; the goal (reached
    /// or not) and its hint.
    private static func drawLessonBand(_ canvas: inout Canvas, _ wb: Workbench, _ band: Rect) {
        guard let progress = wb.lessonProgress, !band.isEmpty else { return }
        let language = wb.language
        let step = progress.current
        let area = band.inset(left: 1, right: 1)
        let stepText = UIText.lessonStep.text(language, String(progress.step + 1), String(progress.lesson.steps.count))
        let title = canvas.text(progress.lesson.title.line(language) + " · " + stepText)
        let keys = canvas.text(wb.text(.lessonKeys))
        let top = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        canvas.grid.fill(Rect(x: band.x, y: band.y, width: band.width, height: 1), with: Cell(" ", style: canvas.options.style(.selection)))
        canvas.line(title, in: top, role: .selection)
        if TextWidth.of(title) + 2 + TextWidth.of(keys) <= area.width {
            canvas.put(keys, x: area.maxX - TextWidth.of(keys), y: area.y, role: .selection, clip: top)
        }
        var lines: [(String, ThemeRole)] = step.caption.lines(language).map { (canvas.text($0), .text) }
        if let goal = step.goal {
            let met = wb.goalMet ?? false
            if met {
                lines.append((canvas.text(UIText.lessonGoalReached.text(language, goal.text)), .accent))
                if step.hint != nil { lines.append((canvas.text(wb.text(.lessonNext)), .muted)) }
            } else {
                lines.append((canvas.text(UIText.lessonGoal.text(language, goal.text)), .warning))
                if let hint = step.hint { lines.append((canvas.text(UIText.lessonHint.text(language, hint.line(language))), .muted)) }
            }
        }
        canvas.lines(lines, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: Swift.max(0, area.height - 1)))
    }

    /// The `L` list of lessons over the screen.
    private static func drawLessonMenu(_ canvas: inout Canvas, _ wb: Workbench, selected: Int, _ full: Rect) {
        let language = wb.language
        let width = Swift.min(full.width - 4, 72)
        let height = Swift.min(full.height - 2, Swift.max(1, wb.lessons.count) + 2)
        let box = full.centered(width: width, height: height)
        canvas.grid.fill(box, with: Cell(" ", style: canvas.options.style(.text)))
        let inner = Panel(title: wb.text(.lessonsTitle), footer: canvas.text(wb.text(.lessonsFooter)), focused: true)
            .draw(into: &canvas.grid, area: box, options: canvas.options)
        guard !inner.isEmpty else { return }
        guard !wb.lessons.isEmpty else {
            canvas.line(wb.text(.lessonsNone), in: inner.inset(left: 1, right: 1), role: .muted)
            return
        }
        let offset = WorkbenchLayout.scrollOffset(selected: selected, count: wb.lessons.count, visible: inner.height)
        for (i, entry) in wb.lessons.enumerated().dropFirst(offset).prefix(inner.height) {
            let line = Rect(x: inner.x, y: inner.y + i - offset, width: inner.width, height: 1)
            let isSelected = i == selected
            if isSelected { canvas.grid.fill(line, with: Cell(" ", style: canvas.options.style(.selection))) }
            let marker = isSelected ? (canvas.options.ascii ? "> " : "▸ ") : "  "
            let name = " " + entry.name
            canvas.line(marker + canvas.text(entry.title.line(language)), in: line, role: isSelected ? .selection : .text)
            canvas.line(name, in: line.splitRight(Swift.min(TextWidth.of(name) + 1, line.width / 3)).right,
                        role: isSelected ? .selection : .muted)
        }
        drawScrollMarks(&canvas, box, offset: offset, visible: inner.height, count: wb.lessons.count)
    }

    private static func drawShared(_ canvas: inout Canvas, _ line: String, compact: String, language: Language, _ full: Rect) {
        let width = Swift.min(full.width - 4, 100)
        guard width > 4 else { return }
        // Broken anywhere (a command line has long words), never cut: every character is shown.
        func rows(_ text: String) -> [(String, ThemeRole)] {
            var rows: [String] = []
            var current = ""
            for ch in canvas.text(text) {
                if TextWidth.of(current + String(ch)) > width - 4 { rows.append(current); current = "" }
                current.append(ch)
            }
            if !current.isEmpty { rows.append(current) }
            return rows.map { ($0, .accent) }
        }
        let lines: [(String, ThemeRole)] = [(canvas.text(UIText.shareCommand.text(language)), .muted)]
            + rows(line) + [("", .text), (canvas.text(UIText.shareCompact.text(language)), .muted)]
            + rows(compact)
        let height = Swift.min(full.height - 2, lines.count + 2 + 1)
        let box = full.centered(width: width, height: height)
        canvas.grid.fill(box, with: Cell(" ", style: canvas.options.style(.text)))
        let inner = Panel(title: UIText.paneShare.text(language), footer: canvas.text(UIText.footerShare.text(language)), focused: true)
            .draw(into: &canvas.grid, area: box, options: canvas.options)
        canvas.lines(lines, in: inner.inset(left: 1, right: 1))
    }

    private static func drawHelp(_ canvas: inout Canvas, _ wb: Workbench, _ full: Rect) {
        let lines = KeyMap.helpLines(ascii: canvas.options.ascii, language: wb.language)
        let width = Swift.min(full.width - 4, 80)
        let height = Swift.min(full.height - 2, lines.count + 2)
        let box = full.centered(width: width, height: height)
        canvas.grid.fill(box, with: Cell(" ", style: canvas.options.style(.text)))
        let inner = Panel(title: wb.text(.paneHelp), footer: canvas.text(wb.text(.footerHelp)), focused: true)
            .draw(into: &canvas.grid, area: box, options: canvas.options)
        guard !inner.isEmpty else { return }
        let area = inner.inset(left: 1, right: 1)
        let scroll = Swift.min(wb.helpScroll, Swift.max(0, lines.count - area.height))
        canvas.lines(Array(lines.dropFirst(scroll)), in: area)
        drawScrollMarks(&canvas, box, offset: scroll, visible: area.height, count: lines.count)
    }
}

extension WorkbenchFrame {
    init(grid: CellGrid) {
        self.grid = grid
        cursorX = nil
        cursorY = nil
    }
}
