// DocsSite: every page `layerscope docs` writes, by its path inside the docs folder.

import LayerKit

/// One generated file: its path inside the docs folder and its text.
struct DocsPage: Equatable {
    var path: String
    var text: String
}

/// The whole generated documentation.
enum DocsSite {
    /// Every page, in a fixed order: the index, the reference pages, then each layer's page and its
    /// colour page.
    static func pages() throws -> [DocsPage] {
        var pages = [
            DocsPage(path: "index.md", text: try DocsReferencePages.index()),
            DocsPage(path: "cli.md", text: DocsReferencePages.cli()),
            DocsPage(path: "keys.md", text: DocsReferencePages.keys()),
            DocsPage(path: "themes.md", text: try DocsReferencePages.themes()),
            DocsPage(path: DocsThemePage.path, text: try DocsThemePage.text()),
            DocsPage(path: DocsNetworksPage.path, text: try DocsNetworksPage.text()),
        ]
        for schema in Catalog.schemas {
            pages.append(DocsPage(path: DocsLayerPage.path(for: schema), text: try DocsLayerPage(schema: schema).text()))
            pages.append(DocsPage(path: DocsColourPage.path(for: schema), text: try DocsColourPage(schema: schema).text()))
        }
        // The lessons, then the Chinese pages: the index, each layer's page and each lesson's.
        let lessons = try DocsLessonPage.bundled()
        for lesson in lessons {
            pages.append(DocsPage(path: DocsLessonPage.path(for: lesson.name, language: .en), text: try DocsLessonPage(lesson: lesson).text()))
        }
        pages.append(DocsPage(path: "zh/index.md", text: try DocsReferencePages.chineseIndex(lessons: lessons)))
        for schema in Catalog.schemas {
            pages.append(DocsPage(path: DocsLayerPage.path(for: schema, language: .zh),
                                  text: try DocsLayerPage(schema: schema, language: .zh).text()))
        }
        for lesson in lessons {
            pages.append(DocsPage(path: DocsLessonPage.path(for: lesson.name, language: .zh),
                                  text: try DocsLessonPage(lesson: lesson, language: .zh).text()))
        }
        return pages
    }
}
